package dev.bioprompt.api.task;

import static java.util.Objects.requireNonNull;

/**
 * One image with its label.
 *
 * @param source where the pixels come from
 * @param label index into the class names of the set the image belongs to
 */
public record LabeledImage(ImageSource source, int label) {
    public LabeledImage {
        requireNonNull(source, "source is null");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0 for " + source.id() + ", was " + label);
        }
    }
}
