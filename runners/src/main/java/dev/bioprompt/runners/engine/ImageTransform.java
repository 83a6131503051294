package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.model.ImagePreprocessor;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Turns a decoded image into a preprocessed {@code [3, S, S]} float array, possibly at random (training
 * augmentations such as the reference RandomResizedCrop). Adapt the data module's augmentations to this interface.
 */
@FunctionalInterface
public interface ImageTransform {

    /**
     * Transforms one image.
     *
     * @param image the decoded image
     * @param random the source of every random choice (seeded by the engine per batch and image)
     * @return channel-major pixels {@code [3, S, S]}
     */
    float[] apply(BufferedImage image, Random random);

    /** The deterministic evaluation transform of a model (resize, centre crop, normalise). */
    static ImageTransform evaluation(ImagePreprocessor preprocessor) {
        requireNonNull(preprocessor, "preprocessor is null");
        return (image, random) -> preprocessor.toPixels(image);
    }
}
