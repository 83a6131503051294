package dev.bioprompt.api.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * The learnable prompt structure of one method run. Created by {@link PromptMethod#create(MethodContext)}; driven by
 * the engine, which owns the training loop, the optimiser, batching and checkpoints.
 */
public interface PromptLearner extends AutoCloseable {

    /**
     * The learnable tensors by stable name (for example {@code ctx}, {@code visual.3}). Each has gradients enabled and
     * lives in the context's manager. The engine updates them in place; an empty map means nothing is trained (the
     * zero-shot baselines).
     */
    Map<String, NDArray> trainable();

    /**
     * Computes the training loss of one batch. Called inside the engine's gradient collector.
     *
     * @param manager the step-scoped manager that must own every array created here
     * @param batch the batch
     */
    LossResult loss(NDManager manager, TrainingBatch batch);

    /**
     * Builds a classifier for any list of class names from the current prompts (training classes, novel classes, or
     * a target dataset's classes). Text features are computed once here, not per image.
     *
     * @param manager owns the classifier's cached arrays; closed with the classifier
     * @param classNames the classes to score, in logit order
     */
    Classifier classifier(NDManager manager, List<String> classNames);

    /**
     * The tensors a prompt set must carry to rebuild this learner: the learnable tensors and any state derived from
     * training. Keys are stable names; values are owned by the caller's manager.
     */
    Map<String, NDArray> exportTensors(NDManager manager);

    /**
     * Restores tensors written by {@link #exportTensors}.
     *
     * @throws IllegalArgumentException naming a missing key or a wrong shape (with both shapes)
     */
    void importTensors(Map<String, NDArray> tensors);

    /** Clears step-independent caches; called after every optimiser step, when learnable tensors changed. */
    default void afterStep() {
    }

    @Override
    void close();
}
