package dev.bioprompt.api.task;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a method is trained and evaluated on.
 *
 * <p>The support set holds the K-shot training images with their (training) class names. Evaluation sets carry their
 * own class names: in base-to-novel the novel set has the novel class names, in cross-dataset each target set has the
 * target dataset's class names. A method builds a classifier for whatever class names it is given.
 *
 * @param dataset the source dataset name (for example {@code BTMRI})
 * @param protocol the evaluation protocol
 * @param shots K, the number of training images per class
 * @param seed the sampling and training seed
 * @param support the training set
 * @param validation the few-shot validation set (may be empty)
 * @param evaluations the evaluation sets, in report order
 */
public record FewShotTask(String dataset, Protocol protocol, int shots, long seed, ImageSet support,
                          ImageSet validation, List<ImageSet> evaluations) {
    public FewShotTask {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(support, "support is null");
        requireNonNull(validation, "validation is null");
        evaluations = List.copyOf(requireNonNull(evaluations, "evaluations is null"));
        if (shots <= 0) {
            throw new IllegalArgumentException("shots must be positive, was " + shots);
        }
    }

    /** The training class names, in label order. */
    public List<String> classNames() {
        return support.classNames();
    }
}
