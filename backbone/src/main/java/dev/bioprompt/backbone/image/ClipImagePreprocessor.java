package dev.bioprompt.backbone.image;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.model.ImagePreprocessor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * open_clip's evaluation transform, bit for bit: torchvision {@code Resize(imageSize, BICUBIC)} of the shorter side on
 * a PIL image (Pillow's antialiased bicubic on 8-bit channels, see {@link PilResampler}), {@code CenterCrop} with
 * torchvision's rounding, conversion to RGB (grey replicated), division by 255 and per-channel normalisation.
 *
 * <p>Decoded pixels enter as 8-bit channels: alpha is dropped and palette images are expanded to RGB first (as
 * {@code Image.open(path).convert("RGB")} in the Dassl/BiomedCoOp loaders does), 16-bit RGB keeps the high byte (as
 * Pillow's PNG decoder does), and 16-bit grey follows {@link WideGreyMode}.
 */
public final class ClipImagePreprocessor implements ImagePreprocessor {

    /** How a 16-bit grey image becomes 8-bit. */
    public enum WideGreyMode {
        /** Pillow's {@code convert("RGB")} of an {@code I;16} image: values above 255 saturate (the reference). */
        CLIP_LIKE_PIL,
        /** Keep the high byte ({@code v >> 8}): the whole 16-bit range stays visible. */
        SCALE_TO_8_BIT
    }

    private final int imageSize;
    private final float[] mean;
    private final float[] std;
    private final WideGreyMode wideGreyMode;

    /** The reference transform; 16-bit grey images saturate as Pillow makes them. */
    public ClipImagePreprocessor(int imageSize, float[] mean, float[] std) {
        this(imageSize, mean, std, WideGreyMode.CLIP_LIKE_PIL);
    }

    /** The reference transform with a choice for 16-bit grey images. */
    public ClipImagePreprocessor(int imageSize, float[] mean, float[] std, WideGreyMode wideGreyMode) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
        requireNonNull(mean, "mean is null");
        requireNonNull(std, "std is null");
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB), got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + s);
            }
        }
        this.imageSize = imageSize;
        this.mean = mean.clone();
        this.std = std.clone();
        this.wideGreyMode = requireNonNull(wideGreyMode, "wideGreyMode is null");
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public float[] toPixels(BufferedImage image) {
        int[][] rgb = resizeAndCrop(image);
        int plane = imageSize * imageSize;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            int[] src = rgb[Math.min(c, rgb.length - 1)];
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (src[i] / 255f - mean[c]) / std[c];
            }
        }
        return out;
    }

    /**
     * The 8-bit image after resize and centre crop, before normalisation: one {@code imageSize^2} plane for grey
     * images, three (R, G, B) otherwise.
     */
    public int[][] resizeAndCrop(BufferedImage image) {
        requireNonNull(image, "image is null");
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] planes = planes(image);
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        int newLong = (int) ((double) imageSize * longSide / shortSide);
        int newW = w <= h ? imageSize : newLong;
        int newH = w <= h ? newLong : imageSize;
        int[][] resized = PilResampler.resize(planes, w, h, newW, newH);
        int top = (int) Math.rint((newH - imageSize) / 2.0);
        int left = (int) Math.rint((newW - imageSize) / 2.0);
        int[][] out = new int[resized.length][imageSize * imageSize];
        for (int c = 0; c < resized.length; c++) {
            for (int y = 0; y < imageSize; y++) {
                System.arraycopy(resized[c], (y + top) * newW + left, out[c], y * imageSize, imageSize);
            }
        }
        return out;
    }

    private int[][] planes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int colorBands = cm.getColorSpace().getNumComponents();
        boolean direct = !(cm instanceof IndexColorModel) && raster.getNumBands() >= colorBands;
        if (direct && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && colorBands == 1) {
            int bits = raster.getSampleModel().getSampleSize(0);
            int[] grey = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
            if (bits > 8) {
                int shift = bits - 8;
                for (int i = 0; i < grey.length; i++) {
                    grey[i] = wideGreyMode == WideGreyMode.CLIP_LIKE_PIL ? Math.min(grey[i], 255) : grey[i] >> shift;
                }
            } else if (bits < 8) {
                int max = (1 << bits) - 1;
                for (int i = 0; i < grey.length; i++) {
                    grey[i] = grey[i] * 255 / max;
                }
            }
            return new int[][] {grey};
        }
        if (direct && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB && colorBands == 3) {
            int[][] rgb = new int[3][];
            for (int b = 0; b < 3; b++) {
                int bits = raster.getSampleModel().getSampleSize(b);
                rgb[b] = raster.getSamples(0, 0, w, h, b, new int[w * h]);
                if (bits != 8) {
                    for (int i = 0; i < rgb[b].length; i++) {
                        rgb[b][i] = bits > 8 ? rgb[b][i] >> (bits - 8) : rgb[b][i] * 255 / ((1 << bits) - 1);
                    }
                }
            }
            return rgb;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int[][] rgb = new int[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            rgb[0][i] = (argb[i] >> 16) & 0xff;
            rgb[1][i] = (argb[i] >> 8) & 0xff;
            rgb[2][i] = argb[i] & 0xff;
        }
        return rgb;
    }
}
