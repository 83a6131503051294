package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Mirrors the image left-right with probability {@code p}: an 8-bit image ({@link ImageTransform}) or normalised
 * {@code [3, H, W]} pixels ({@link PixelTransform}, torch's {@code img.flip(-1)}). Normalisation is the same for
 * every pixel of a channel, so flipping before or after it gives the same model input.
 *
 * @param p flip probability (0.5 in the reference)
 */
public record HorizontalFlip(double p) implements ImageTransform, PixelTransform {

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

    @Override
    public float[] apply(float[] pixels, int height, int width, SplittableRandom random) {
        if (!(random.nextDouble() < p)) {
            return pixels;
        }
        return flip(pixels, height, width);
    }

    /** The mirrored {@code [3, height, width]} pixels, in a new array. */
    public static float[] flip(float[] pixels, int height, int width) {
        PixelLayout.check(pixels, height, width);
        float[] out = new float[pixels.length];
        for (int row = 0; row < 3 * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = pixels[base + width - 1 - x];
            }
        }
        return out;
    }
}
