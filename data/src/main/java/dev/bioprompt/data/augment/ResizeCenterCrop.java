package dev.bioprompt.data.augment;

import dev.bioprompt.data.ImageFiles;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The test transform: resize the shorter side to {@code size} (bicubic, the longer side to
 * {@code int(size * long / short)} as torchvision does), then centre-crop {@code size x size}
 * (offsets {@code round((h - size) / 2)}).
 *
 * @param size output side length
 */
public record ResizeCenterCrop(int size) implements ImageTransform {

    public ResizeCenterCrop {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
    }

    @Override
    public BufferedImage apply(BufferedImage image, SplittableRandom random) {
        int w = image.getWidth();
        int h = image.getHeight();
        int rw;
        int rh;
        if (w <= h) {
            rw = size;
            rh = (int) ((long) size * h / w);
        } else {
            rh = size;
            rw = (int) ((long) size * w / h);
        }
        BufferedImage resized = (rw == w && rh == h) ? ImageFiles.toRgb(image)
                : Bicubic.resize(image, rw, rh);
        int top = (int) Math.rint((rh - size) / 2.0);
        int left = (int) Math.rint((rw - size) / 2.0);
        if (top == 0 && left == 0 && rw == size && rh == size) {
            return resized;
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, size, size, resized.getRGB(left, top, size, size, null, 0, size), 0, size);
        return out;
    }
}
