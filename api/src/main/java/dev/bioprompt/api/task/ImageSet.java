package dev.bioprompt.api.task;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A labelled set of images together with the class names its labels index.
 *
 * @param name what the set is ({@code train}, {@code test}, {@code base}, {@code novel}, {@code target:RETINA}...)
 * @param classNames class names in label order
 * @param images the images
 */
public record ImageSet(String name, List<String> classNames, List<LabeledImage> images) {
    public ImageSet {
        requireNonNull(name, "name is null");
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        images = List.copyOf(requireNonNull(images, "images is null"));
        for (LabeledImage image : images) {
            if (image.label() >= classNames.size()) {
                throw new IllegalArgumentException("set '" + name + "': label " + image.label() + " of "
                        + image.source().id() + " is out of range for " + classNames.size() + " classes");
            }
        }
    }

    /** Number of images. */
    public int size() {
        return images.size();
    }
}
