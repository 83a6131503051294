package dev.bioprompt.api.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The frozen features a {@link FittedLearner} is fitted from, computed by the engine with the backbone (no visual
 * prompts, no gradients) and kept for the duration of the fit.
 *
 * <p>Features are the backbone's pooled image features, as {@code VisionLanguageModel.encodeImage} returns them
 * (not normalised: a learner normalises, or averages passes first, as its reference does).
 */
public interface FittingData {

    /** The training class names, in label order. */
    List<String> classNames();

    /** The label of every support image, in the row order of {@link #supportFeatures}. */
    int[] supportLabels();

    /**
     * The pooled features {@code [N, D]} of one augmented pass over the support set: pass {@code p} draws its own
     * training augmentation from the run seed, so pass 0 is the same in every call and passes differ from each other,
     * as the epochs of a data loader do. Each pass is encoded once and kept.
     *
     * @param manager owns the returned copy
     * @param pass the 0-based pass
     */
    NDArray supportFeatures(NDManager manager, int pass);

    /** The label of every validation image, in the row order of {@link #validationFeatures}; may be empty. */
    int[] validationLabels();

    /**
     * The pooled features {@code [M, D]} of the few-shot validation set with the evaluation transform.
     *
     * @param manager owns the returned copy
     * @throws IllegalStateException when the task has no validation images
     */
    NDArray validationFeatures(NDManager manager);

    /** The run seed (random initialisations of the fit draw from it). */
    long seed();

    /**
     * Records a value of the fit (a chosen hyper-parameter, a validation accuracy per round) as a metric of the run.
     *
     * @param name a metric name such as {@code fit/val_accuracy}
     * @param step the round or iteration
     */
    void logMetric(String name, double value, int step);
}
