package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Mirrors the image left-right with probability {@code p}.
 *
 * @param p flip probability (0.5 in the reference)
 */
public record HorizontalFlip(double p) implements ImageTransform {

    public HorizontalFlip {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
    }

    @Override
    public BufferedImage apply(BufferedImage image, SplittableRandom random) {
        if (!(random.nextDouble() < p)) {
            return image;
        }
        return flip(image);
    }

    /** The mirrored image. */
    public static BufferedImage flip(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[px.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = px[y * w + (w - 1 - x)] & 0xffffff;
            }
        }
        BufferedImage flipped = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        flipped.setRGB(0, 0, w, h, out, 0, w);
        return flipped;
    }
}
