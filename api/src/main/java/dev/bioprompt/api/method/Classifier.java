package dev.bioprompt.api.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A fixed classifier over a list of class names, built by a {@link PromptLearner} from its current prompts.
 *
 * <p>Evaluation is split in two so that the engine can compute image features once per image set and reuse them:
 * {@link #encodeImages} depends only on the images (and the learner's visual prompts), {@link #logits} on the
 * features and the text side.
 */
public interface Classifier extends AutoCloseable {

    /** The class names, in logit order. */
    List<String> classNames();

    /**
     * Encodes preprocessed images into whatever per-image features this classifier scores.
     *
     * @param manager owns the result
     * @param images {@code [B, 3, H, W]}
     * @return per-image features, batch-first
     */
    NDArray encodeImages(NDManager manager, NDArray images);

    /**
     * Scores image features against every class.
     *
     * @param manager owns the result
     * @param imageFeatures the output of {@link #encodeImages}
     * @return logits {@code [B, classNames().size()]}
     */
    NDArray logits(NDManager manager, NDArray imageFeatures);

    /** Releases cached text features. */
    @Override
    void close();
}
