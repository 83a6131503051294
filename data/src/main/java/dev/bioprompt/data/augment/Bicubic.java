package dev.bioprompt.data.augment;

import dev.bioprompt.data.ImageFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Bicubic resampling as Pillow's {@code Image.resize(..., BICUBIC, box)} does it: separable, cubic kernel with
 * a = -0.5, support widened by the scale factor when downsampling (antialiasing), weights normalised per output
 * pixel and quantised to Pillow's 22-bit fixed point, horizontal pass first with the intermediate rounded and
 * clipped to 8 bits.
 */
public final class Bicubic {

    private Bicubic() {
    }

    /** Resizes the whole image to {@code width x height}. */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        return resize(src, 0, 0, src.getWidth(), src.getHeight(), width, height);
    }

    /**
     * Resizes the box {@code (x, y, w, h)} of {@code src} (which must lie inside it) to {@code width x height}.
     */
    public static BufferedImage resize(BufferedImage src, double x, double y, double w, double h, int width,
                                       int height) {
        if (width <= 0 || height <= 0 || w <= 0 || h <= 0) {
            throw new IllegalArgumentException("sizes must be positive: box " + w + "x" + h + " -> " + width + "x" + height);
        }
        BufferedImage rgb = ImageFiles.toRgb(src);
        int sw = rgb.getWidth();
        int sh = rgb.getHeight();
        int[] in = rgb.getRGB(0, 0, sw, sh, null, 0, sw);
        // horizontal pass over the rows the vertical pass needs
        Kernel kx = new Kernel(x, w, width, sw);
        Kernel ky = new Kernel(y, h, height, sh);
        int rowMin = sh;
        int rowMax = 0;
        for (int o = 0; o < height; o++) {
            rowMin = Math.min(rowMin, ky.start[o]);
            rowMax = Math.max(rowMax, ky.start[o] + ky.weights[o].length);
        }
        int rows = rowMax - rowMin;
        int[] mid = new int[rows * width * 3];
        for (int r = 0; r < rows; r++) {
            int base = (rowMin + r) * sw;
            for (int o = 0; o < width; o++) {
                int cr = HALF;
                int cg = HALF;
                int cb = HALF;
                int[] wts = kx.fixed[o];
                int s0 = kx.start[o];
                for (int k = 0; k < wts.length; k++) {
                    int p = in[base + s0 + k];
                    cr += wts[k] * ((p >>> 16) & 0xff);
                    cg += wts[k] * ((p >>> 8) & 0xff);
                    cb += wts[k] * (p & 0xff);
                }
                int idx = (r * width + o) * 3;
                mid[idx] = clip(cr);
                mid[idx + 1] = clip(cg);
                mid[idx + 2] = clip(cb);
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int o = 0; o < height; o++) {
            int[] wts = ky.fixed[o];
            int s0 = ky.start[o] - rowMin;
            for (int c = 0; c < width; c++) {
                int cr = HALF;
                int cg = HALF;
                int cb = HALF;
                for (int k = 0; k < wts.length; k++) {
                    int idx = ((s0 + k) * width + c) * 3;
                    cr += wts[k] * mid[idx];
                    cg += wts[k] * mid[idx + 1];
                    cb += wts[k] * mid[idx + 2];
                }
                data[o * width + c] = clip(cr) << 16 | clip(cg) << 8 | clip(cb);
            }
        }
        return out;
    }

    /** Pillow's fixed-point precision for 8-bit images. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    /** Pillow's {@code clip8}: the rounded (via {@link #HALF}) fixed-point sum as 0..255. */
    private static int clip(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (v <= 0) {
            return 0;
        }
        return v >> PRECISION_BITS;
    }

    static double cubic(double x) {
        final double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** Per-output-pixel source start and normalised weights along one axis (Pillow's precompute_coeffs). */
    private static final class Kernel {
        final int[] start;
        final double[][] weights;
        final int[][] fixed;

        Kernel(double boxStart, double boxSize, int outSize, int inSize) {
            double scale = boxSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 2.0 * filterScale;
            start = new int[outSize];
            weights = new double[outSize][];
            fixed = new int[outSize][];
            for (int o = 0; o < outSize; o++) {
                double center = boxStart + (o + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize);
                if (xmax <= xmin) {
                    xmax = Math.min(xmin + 1, inSize);
                    xmin = xmax - 1;
                }
                double[] w = new double[xmax - xmin];
                double total = 0;
                for (int k = 0; k < w.length; k++) {
                    w[k] = cubic((k + xmin - center + 0.5) / filterScale);
                    total += w[k];
                }
                if (total != 0) {
                    for (int k = 0; k < w.length; k++) {
                        w[k] /= total;
                    }
                }
                start[o] = xmin;
                weights[o] = w;
                fixed[o] = new int[w.length];
                for (int k = 0; k < w.length; k++) {
                    double scaled = w[k] * (1 << PRECISION_BITS);
                    fixed[o][k] = (int) (w[k] < 0 ? -0.5 + scaled : 0.5 + scaled);
                }
            }
        }
    }
}
