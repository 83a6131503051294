package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * One step of the image pipeline on 8-bit RGB images. Random steps draw only from the given generator, so a
 * pipeline run with a generator seeded per sample is reproducible regardless of threads.
 */
@FunctionalInterface
public interface ImageTransform {

    /** Applies the step; must not modify {@code image}. */
    BufferedImage apply(BufferedImage image, SplittableRandom random);

    /** This step followed by {@code next}. */
    default ImageTransform then(ImageTransform next) {
        return (image, random) -> next.apply(apply(image, random), random);
    }

    /** Applies {@code transform} with probability {@code p} (one draw per call, as torchvision's RandomApply). */
    static ImageTransform randomApply(ImageTransform transform, double p) {
        return (image, random) -> random.nextDouble() < p ? transform.apply(image, random) : image;
    }

    /** The steps in order. */
    static ImageTransform compose(ImageTransform... steps) {
        ImageTransform t = (image, random) -> image;
        for (ImageTransform s : steps) {
            t = t.then(s);
        }
        return t;
    }
}
