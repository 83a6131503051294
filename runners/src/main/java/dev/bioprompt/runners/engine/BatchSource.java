package dev.bioprompt.runners.engine;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.TrainingBatch;
import java.util.Set;

/**
 * The training images of one run, addressed by index: the engine picks the indices of every batch (shuffling and the
 * {@code drop_last} rule live in {@link Batches}) and the source turns them into tensors.
 */
public interface BatchSource {

    /** Number of training images. */
    int size();

    /**
     * Loads one batch.
     *
     * @param manager the step-scoped manager that owns every returned array
     * @param indices the images of the batch, in batch order
     * @param views the extra views the method asked for ({@code PromptMethod.requiredViews(MethodParameters)}); each
     *     must be in {@link TrainingBatch#views()}
     * @param seed seeds every random augmentation of this batch, so the same (run seed, epoch, step) gives the same
     *     pixels
     * @return augmented, preprocessed images {@code [B, 3, H, W]} float32, int64 labels {@code [B]}, and the views
     * @throws IllegalArgumentException naming a view the source cannot produce
     */
    TrainingBatch load(NDManager manager, int[] indices, Set<String> views, long seed);

    /**
     * A hint that {@link #load} will soon be called with these arguments, so the source may start preparing the
     * batch in the background. The loaded batch must be the same with or without the hint.
     */
    default void prefetch(int[] indices, Set<String> views, long seed) {
    }
}
