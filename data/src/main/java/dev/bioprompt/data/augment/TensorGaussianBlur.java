package dev.bioprompt.data.augment;

import java.util.SplittableRandom;

/**
 * torchvision's {@code GaussianBlur} with its tensor semantics, on float {@code [3, H, W]} pixels: sigma uniform in
 * {@code [sigmaMin, sigmaMax]}; the float32 kernel {@code k = exp(-x^2 / (2 sigma^2))} at
 * {@code x = -(size-1)/2 .. (size-1)/2}, normalised to sum 1, its outer product {@code k k^T} as a 2-D kernel, reflect
 * padding (the edge pixel is not repeated) and a per-channel convolution, as {@code _functional_tensor.gaussian_blur}
 * does. No rounding and no clamping: the values stay normalised floats.
 *
 * @param kernelSize odd kernel size (3 in BioVLM)
 * @param sigmaMin smallest sigma (0.1)
 * @param sigmaMax largest sigma (2.0)
 */
public record TensorGaussianBlur(int kernelSize, double sigmaMin, double sigmaMax) implements PixelTransform {

    public TensorGaussianBlur {
        if (kernelSize <= 0 || kernelSize % 2 == 0 || sigmaMin <= 0 || sigmaMax < sigmaMin) {
            throw new IllegalArgumentException("bad GaussianBlur parameters: kernel " + kernelSize + " (odd), sigma ("
                    + sigmaMin + ", " + sigmaMax + ")");
        }
    }

    /** BioVLM's setting: sigma in [0.1, 2.0] (torchvision's default range). */
    public TensorGaussianBlur(int kernelSize) {
        this(kernelSize, 0.1, 2.0);
    }

    @Override
    public float[] apply(float[] pixels, int height, int width, SplittableRandom random) {
        double sigma = sigmaMin + (sigmaMax - sigmaMin) * random.nextDouble();
        return blur(pixels, height, width, sigma);
    }

    /** Blurs with a fixed sigma; the image must be larger than half the kernel in both directions. */
    public float[] blur(float[] pixels, int height, int width, double sigma) {
        PixelLayout.check(pixels, height, width);
        int half = kernelSize / 2;
        if (height <= half || width <= half) {
            throw new IllegalArgumentException("reflect padding by " + half + " needs an image larger than that, was "
                    + height + "x" + width);
        }
        float[] k = kernel1d(kernelSize, sigma);
        float[][] k2 = new float[kernelSize][kernelSize];
        for (int i = 0; i < kernelSize; i++) {
            for (int j = 0; j < kernelSize; j++) {
                k2[i][j] = k[i] * k[j];
            }
        }
        int plane = height * width;
        float[] out = new float[pixels.length];
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double acc = 0;
                    for (int i = 0; i < kernelSize; i++) {
                        int row = base + reflect(y + i - half, height) * width;
                        for (int j = 0; j < kernelSize; j++) {
                            acc += (double) k2[i][j] * pixels[row + reflect(x + j - half, width)];
                        }
                    }
                    out[base + y * width + x] = (float) acc;
                }
            }
        }
        return out;
    }

    /** torchvision's {@code _get_gaussian_kernel1d} in float32. */
    static float[] kernel1d(int size, double sigma) {
        float s = (float) sigma;
        float half = (size - 1) * 0.5f;
        float[] pdf = new float[size];
        float sum = 0f;
        for (int i = 0; i < size; i++) {
            float x = (-half + i) / s;
            pdf[i] = (float) Math.exp(-0.5f * (x * x));
            sum += pdf[i];
        }
        for (int i = 0; i < size; i++) {
            pdf[i] /= sum;
        }
        return pdf;
    }

    /** torch's {@code reflect} padding index: -1 maps to 1, n to n - 2. */
    private static int reflect(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }
}
