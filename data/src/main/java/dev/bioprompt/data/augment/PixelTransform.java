package dev.bioprompt.data.augment;

import java.util.SplittableRandom;

/**
 * One step of a view computed on the model input itself: the normalised {@code [3, height, width]} float pixels
 * (channel-major, the layout of {@code ImagePreprocessor.toPixels}) rather than the 8-bit image. This is where
 * BioVLM's released code applies its strong view (see {@link Augmentations#strongViewNormalised()}). Random steps
 * draw only from the given generator, so a pipeline run with a generator seeded per sample is reproducible
 * regardless of threads.
 */
@FunctionalInterface
public interface PixelTransform {

    /**
     * Applies the step.
     *
     * @param pixels {@code 3 * height * width} values in CHW order; never modified
     * @param height rows
     * @param width columns
     * @param random the sample's generator
     * @return new pixels of the same layout (or {@code pixels} itself when the step does nothing)
     */
    float[] apply(float[] pixels, int height, int width, SplittableRandom random);

    /** This step followed by {@code next}. */
    default PixelTransform then(PixelTransform next) {
        return (pixels, height, width, random) -> next.apply(apply(pixels, height, width, random), height, width,
                random);
    }

    /** Applies {@code transform} with probability {@code p} (one draw per call, as torchvision's RandomApply). */
    static PixelTransform randomApply(PixelTransform transform, double p) {
        return (pixels, height, width, random) -> random.nextDouble() < p
                ? transform.apply(pixels, height, width, random) : pixels;
    }

    /** The steps in order. */
    static PixelTransform compose(PixelTransform... steps) {
        PixelTransform t = (pixels, height, width, random) -> pixels;
        for (PixelTransform s : steps) {
            t = t.then(s);
        }
        return t;
    }
}
