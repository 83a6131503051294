package dev.bioprompt.runners.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** A labelled evaluation set as preprocessed tensors, loaded in contiguous slices. */
public interface EvaluationImages {

    /** What the set is ({@code test}, {@code base}, {@code novel}, {@code target:RETINA}...). */
    String name();

    /** The class names its labels index, in label order (the classifier is built for these). */
    List<String> classNames();

    /** The label of every image, in set order. */
    int[] labels();

    /** Number of images. */
    default int size() {
        return labels().length;
    }

    /**
     * Loads images {@code [from, to)} with the evaluation transform.
     *
     * @param manager owns the result
     * @return {@code [to - from, 3, H, W]} float32
     */
    NDArray load(NDManager manager, int from, int to);
}
