package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * torchvision's {@code GaussianBlur}: sigma uniform in {@code [sigmaMin, sigmaMax]}, a normalised 1-D Gaussian of
 * {@code kernelSize} taps applied separably with reflect padding, rounded back to 8 bits.
 *
 * @param kernelSize odd kernel size (3 in BioVLM)
 * @param sigmaMin smallest sigma (0.1)
 * @param sigmaMax largest sigma (2.0)
 */
public record GaussianBlur(int kernelSize, double sigmaMin, double sigmaMax) implements ImageTransform {

    public GaussianBlur {
        if (kernelSize <= 0 || kernelSize % 2 == 0 || sigmaMin <= 0 || sigmaMax < sigmaMin) {
            throw new IllegalArgumentException("bad GaussianBlur parameters: kernel " + kernelSize + " (odd), sigma ("
                    + sigmaMin + ", " + sigmaMax + ")");
        }
    }

    /** BioVLM's setting: kernel 3, sigma in [0.1, 2.0]. */
    public GaussianBlur(int kernelSize) {
        this(kernelSize, 0.1, 2.0);
    }

    @Override
    public BufferedImage apply(BufferedImage image, SplittableRandom random) {
        double sigma = sigmaMin + (sigmaMax - sigmaMin) * random.nextDouble();
        return blur(image, sigma);
    }

    /** Blurs with a fixed sigma. */
    public BufferedImage blur(BufferedImage image, double sigma) {
        int half = kernelSize / 2;
        double[] k = new double[kernelSize];
        double sum = 0;
        for (int i = 0; i < kernelSize; i++) {
            double x = (i - half) / sigma;
            k[i] = Math.exp(-0.5 * x * x);
            sum += k[i];
        }
        for (int i = 0; i < kernelSize; i++) {
            k[i] /= sum;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        double[][] tmp = new double[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] acc = new double[3];
                for (int t = 0; t < kernelSize; t++) {
                    int p = px[y * w + reflect(x + t - half, w)];
                    acc[0] += k[t] * ((p >>> 16) & 0xff);
                    acc[1] += k[t] * ((p >>> 8) & 0xff);
                    acc[2] += k[t] * (p & 0xff);
                }
                for (int c = 0; c < 3; c++) {
                    tmp[c][y * w + x] = acc[c];
                }
            }
        }
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 0;
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int t = 0; t < kernelSize; t++) {
                        acc += k[t] * tmp[c][reflect(y + t - half, h) * w + x];
                    }
                    v = v << 8 | (int) Math.max(0, Math.min(255, Math.rint(acc)));
                }
                out[y * w + x] = v;
            }
        }
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, w, h, out, 0, w);
        return result;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }
}
