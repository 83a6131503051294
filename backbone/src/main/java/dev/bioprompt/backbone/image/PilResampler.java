package dev.bioprompt.backbone.image;

/**
 * Pillow's {@code Image.resize(size, BICUBIC)} for 8-bit channels, reproduced operation for operation
 * ({@code libImaging/Resample.c}): a separable convolution with the cubic kernel (a = -0.5) whose support grows with
 * the downscale factor (antialiasing), coefficients in 22-bit fixed point, a horizontal pass over the needed rows,
 * then a vertical pass, each rounded and clipped to 0..255.
 */
final class PilResampler {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    /** Coefficients for one axis: for output index i, taps start at {@code bounds[2i]}, count {@code bounds[2i+1]}. */
    private record Coefficients(int kernelSize, int[] bounds, int[] weights) { }

    private PilResampler() {
    }

    /**
     * Resizes planar 8-bit channels.
     *
     * @param planes one {@code width*height} array per channel, row-major, values 0..255
     * @return one {@code outWidth*outHeight} array per channel
     */
    static int[][] resize(int[][] planes, int width, int height, int outWidth, int outHeight) {
        if (outWidth == width && outHeight == height) {
            int[][] copy = new int[planes.length][];
            for (int c = 0; c < planes.length; c++) {
                copy[c] = planes[c].clone();
            }
            return copy;
        }
        Coefficients horizontal = coefficients(width, outWidth);
        Coefficients vertical = coefficients(height, outHeight);
        boolean needHorizontal = outWidth != width;
        boolean needVertical = outHeight != height;
        int[][] out = new int[planes.length][];
        for (int c = 0; c < planes.length; c++) {
            int[] plane = planes[c];
            int curWidth = width;
            int curHeight = height;
            int[] vbounds = vertical.bounds().clone();
            if (needHorizontal) {
                int firstRow = vbounds[0];
                int lastRow = vbounds[outHeight * 2 - 2] + vbounds[outHeight * 2 - 1];
                if (!needVertical) {
                    firstRow = 0;
                    lastRow = height;
                }
                for (int i = 0; i < outHeight; i++) {
                    vbounds[i * 2] -= firstRow;
                }
                plane = horizontalPass(plane, curWidth, firstRow, lastRow - firstRow, outWidth, horizontal);
                curWidth = outWidth;
                curHeight = lastRow - firstRow;
            }
            if (needVertical) {
                plane = verticalPass(plane, curWidth, outHeight, new Coefficients(vertical.kernelSize(), vbounds,
                        vertical.weights()));
                curHeight = outHeight;
            }
            out[c] = plane;
        }
        return out;
    }

    private static int[] horizontalPass(int[] in, int inWidth, int firstRow, int rows, int outWidth, Coefficients k) {
        int[] out = new int[outWidth * rows];
        int ksize = k.kernelSize();
        for (int y = 0; y < rows; y++) {
            int rowStart = (y + firstRow) * inWidth;
            for (int x = 0; x < outWidth; x++) {
                int min = k.bounds()[x * 2];
                int count = k.bounds()[x * 2 + 1];
                int ss = 1 << (PRECISION_BITS - 1);
                for (int t = 0; t < count; t++) {
                    ss += in[rowStart + min + t] * k.weights()[x * ksize + t];
                }
                out[y * outWidth + x] = clip8(ss);
            }
        }
        return out;
    }

    private static int[] verticalPass(int[] in, int width, int outHeight, Coefficients k) {
        int[] out = new int[width * outHeight];
        int ksize = k.kernelSize();
        for (int y = 0; y < outHeight; y++) {
            int min = k.bounds()[y * 2];
            int count = k.bounds()[y * 2 + 1];
            for (int x = 0; x < width; x++) {
                int ss = 1 << (PRECISION_BITS - 1);
                for (int t = 0; t < count; t++) {
                    ss += in[(min + t) * width + x] * k.weights()[y * ksize + t];
                }
                out[y * width + x] = clip8(ss);
            }
        }
        return out;
    }

    private static int clip8(int value) {
        int v = value >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2];
        int[] weights = new int[outSize * ksize];
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ww = 0.0;
            double ss = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            for (int x = 0; x < xmax; x++) {
                double w = bicubic((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < ksize; x++) {
                double w = x < xmax ? (ww != 0.0 ? k[x] / ww : k[x]) : 0.0;
                weights[xx * ksize + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                        : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return new Coefficients(ksize, bounds, weights);
    }

    private static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }
}
