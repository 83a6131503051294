package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomResizedCrop}: up to 10 tries to draw a box with area fraction uniform in
 * {@code scale} and log-uniform aspect ratio in {@code ratio} that fits the image, else the central crop clamped
 * to the ratio range; the box is resized to {@code size x size} with {@link Bicubic}.
 *
 * @param size output side length
 * @param scaleMin smallest area fraction (0.08 by default)
 * @param scaleMax largest area fraction (1.0)
 * @param ratioMin smallest aspect ratio w/h (3/4)
 * @param ratioMax largest aspect ratio (4/3)
 */
public record RandomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax)
        implements ImageTransform {

    public RandomResizedCrop {
        if (size <= 0 || scaleMin <= 0 || scaleMax < scaleMin || ratioMin <= 0 || ratioMax < ratioMin) {
            throw new IllegalArgumentException("bad RandomResizedCrop parameters: size " + size + ", scale ("
                    + scaleMin + ", " + scaleMax + "), ratio (" + ratioMin + ", " + ratioMax + ")");
        }
    }

    /** The reference setting: scale (0.08, 1), ratio (3/4, 4/3). */
    public RandomResizedCrop(int size) {
        this(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /** A crop box: top row, left column, height, width. */
    public record Box(int top, int left, int height, int width) {
    }

    /** Draws the crop box for an image of the given size (torchvision's {@code get_params}). */
    public Box box(int width, int height, SplittableRandom random) {
        double area = (double) width * height;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * uniform(random, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(random, logMin, logMax));
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new Box((height - h) / 2, (width - w) / 2, h, w);
    }

    @Override
    public BufferedImage apply(BufferedImage image, SplittableRandom random) {
        Box b = box(image.getWidth(), image.getHeight(), random);
        return Bicubic.resize(image, b.left(), b.top(), b.width(), b.height(), size, size);
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }
}
