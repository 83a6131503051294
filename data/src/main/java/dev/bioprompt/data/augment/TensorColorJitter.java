package dev.bioprompt.data.augment;

import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter} with its tensor semantics, on float {@code [3, H, W]} pixels: brightness,
 * contrast and saturation factors uniform in {@code [max(0, 1-x), 1+x]} and a hue shift uniform in
 * {@code [-hue, hue]}, applied in a random order (a fresh permutation per call, as {@code ColorJitter.get_params}
 * draws {@code randperm(4)}). Each adjustment is torchvision's {@code _functional_tensor} operation in float32:
 *
 * <ul>
 *   <li>brightness: {@code _blend(img, zeros, f)}, i.e. {@code clamp(f * img, 0, 1)};</li>
 *   <li>contrast: blend with the mean of the grey image {@code 0.2989 R + 0.587 G + 0.114 B}, clamped to [0, 1];</li>
 *   <li>saturation: blend with the grey image, clamped to [0, 1];</li>
 *   <li>hue: {@code _rgb2hsv} of the pixels as they are (no clamp first), {@code h = (h + f) mod 1},
 *       {@code _hsv2rgb}, which clamps p, q and t to [0, 1] but not v.</li>
 * </ul>
 *
 * <p>This is BioVLM's released strong view, which runs on normalised tensors: every clamp zeroes the negative
 * normalised values. The clean reading of the spec (§2.5) is {@link ColorJitter} on the 8-bit image before
 * normalisation.
 *
 * @param brightness brightness jitter (0.4 in BioVLM)
 * @param contrast contrast jitter (0.4)
 * @param saturation saturation jitter (0.4)
 * @param hue hue jitter, at most 0.5 (0.1)
 */
public record TensorColorJitter(double brightness, double contrast, double saturation, double hue)
        implements PixelTransform {

    /** torchvision's {@code rgb_to_grayscale} weights. */
    private static final float RED = 0.2989f;
    private static final float GREEN = 0.587f;
    private static final float BLUE = 0.114f;

    public TensorColorJitter {
        if (brightness < 0 || contrast < 0 || saturation < 0 || hue < 0 || hue > 0.5) {
            throw new IllegalArgumentException("bad ColorJitter parameters: " + brightness + ", " + contrast + ", "
                    + saturation + ", " + hue + " (all >= 0, hue <= 0.5)");
        }
    }

    @Override
    public float[] apply(float[] pixels, int height, int width, SplittableRandom random) {
        PixelLayout.check(pixels, height, width);
        JitterDraw draw = JitterDraw.draw(random, brightness, contrast, saturation, hue);
        double[] amounts = {brightness, contrast, saturation, hue};
        float[] out = pixels;
        for (int op : draw.order()) {
            if (amounts[op] > 0) {
                out = adjust(out, height, width, op, draw.factors()[op]);
            }
        }
        return out;
    }

    /**
     * One adjustment, into a new array: 0 brightness, 1 contrast, 2 saturation (each a factor, 1 = unchanged), 3 hue
     * (a shift in turns, within [-0.5, 0.5]).
     */
    static float[] adjust(float[] pixels, int height, int width, int op, double factor) {
        return switch (op) {
            case 0 -> adjustBrightness(pixels, height, width, factor);
            case 1 -> adjustContrast(pixels, height, width, factor);
            case 2 -> adjustSaturation(pixels, height, width, factor);
            case 3 -> adjustHue(pixels, height, width, factor);
            default -> throw new IllegalArgumentException("unknown colour operation " + op);
        };
    }

    /** torchvision's tensor {@code adjust_brightness}: {@code clamp(factor * img, 0, 1)}. */
    public static float[] adjustBrightness(float[] pixels, int height, int width, double factor) {
        PixelLayout.check(pixels, height, width);
        checkFactor(factor, "brightness");
        float ratio = (float) factor;
        float rest = (float) (1.0 - factor);
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = clamp01(ratio * pixels[i] + rest * 0f);
        }
        return out;
    }

    /** torchvision's tensor {@code adjust_contrast}: blend with the mean grey level, clamped to [0, 1]. */
    public static float[] adjustContrast(float[] pixels, int height, int width, double factor) {
        PixelLayout.check(pixels, height, width);
        checkFactor(factor, "contrast");
        int plane = height * width;
        double sum = 0;
        for (int i = 0; i < plane; i++) {
            sum += grey(pixels, i, plane);
        }
        float mean = (float) (sum / plane);
        float ratio = (float) factor;
        float rest = (float) (1.0 - factor);
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = clamp01(ratio * pixels[i] + rest * mean);
        }
        return out;
    }

    /** torchvision's tensor {@code adjust_saturation}: blend with the grey image, clamped to [0, 1]. */
    public static float[] adjustSaturation(float[] pixels, int height, int width, double factor) {
        PixelLayout.check(pixels, height, width);
        checkFactor(factor, "saturation");
        int plane = height * width;
        float ratio = (float) factor;
        float rest = (float) (1.0 - factor);
        float[] out = new float[pixels.length];
        for (int i = 0; i < plane; i++) {
            float g = grey(pixels, i, plane);
            for (int c = 0; c < 3; c++) {
                out[c * plane + i] = clamp01(ratio * pixels[c * plane + i] + rest * g);
            }
        }
        return out;
    }

    /**
     * torchvision's tensor {@code adjust_hue}: {@code _rgb2hsv} of the values as they are, the hue shifted by
     * {@code shift} turns (Python's {@code %}, so within [0, 1)), then {@code _hsv2rgb}, which clamps p, q and t to
     * [0, 1] and passes v (the channel maximum) through. Negative inputs give what torchvision gives, NaN included
     * (a pixel whose largest channel is exactly 0 while another is negative).
     */
    public static float[] adjustHue(float[] pixels, int height, int width, double shift) {
        PixelLayout.check(pixels, height, width);
        if (!(shift >= -0.5 && shift <= 0.5)) {
            throw new IllegalArgumentException("hue shift must be in [-0.5, 0.5], was " + shift);
        }
        float hueShift = (float) shift;
        int plane = height * width;
        float[] out = new float[pixels.length];
        float[] rgb = new float[3];
        for (int i = 0; i < plane; i++) {
            float r = pixels[i];
            float g = pixels[plane + i];
            float b = pixels[2 * plane + i];
            // _rgb2hsv
            float maxc = Math.max(r, Math.max(g, b));
            float minc = Math.min(r, Math.min(g, b));
            boolean eqc = maxc == minc;
            float cr = maxc - minc;
            float s = cr / (eqc ? 1f : maxc);
            float divisor = eqc ? 1f : cr;
            float rc = (maxc - r) / divisor;
            float gc = (maxc - g) / divisor;
            float bc = (maxc - b) / divisor;
            float hr = maxc == r ? bc - gc : 0f;
            float hg = maxc == g && maxc != r ? 2.0f + rc - bc : 0f;
            float hb = maxc != g && maxc != r ? 4.0f + gc - rc : 0f;
            float h = (hr + hg + hb) / 6.0f + 1.0f;
            h = h % 1.0f;
            // (h + shift) % 1.0 with Python's sign rule
            h = h + hueShift;
            float mod = h % 1.0f;
            if (mod != 0 && mod < 0) {
                mod += 1.0f;
            }
            hsvToRgb(mod, s, maxc, rgb);
            out[i] = rgb[0];
            out[plane + i] = rgb[1];
            out[2 * plane + i] = rgb[2];
        }
        return out;
    }

    /** torchvision's {@code _hsv2rgb} for one pixel (the one-hot sector mask sum, so NaN spreads as in torch). */
    private static void hsvToRgb(float h, float s, float v, float[] rgb) {
        float scaled = h * 6.0f;
        float fl = (float) Math.floor(scaled);
        float f = scaled - fl;
        int sector = Math.floorMod((int) fl, 6);
        float p = clamp01(v * (1.0f - s));
        float q = clamp01(v * (1.0f - s * f));
        float t = clamp01(v * (1.0f - s * (1.0f - f)));
        float[][] table = {
            {v, q, p, p, t, v},
            {t, v, v, q, p, p},
            {p, p, t, v, v, q},
        };
        for (int c = 0; c < 3; c++) {
            float acc = 0f;
            for (int k = 0; k < 6; k++) {
                acc += (k == sector ? 1f : 0f) * table[c][k];
            }
            rgb[c] = acc;
        }
    }

    /** torchvision's grey level of pixel {@code i}: {@code 0.2989 R + 0.587 G + 0.114 B} in float32. */
    private static float grey(float[] pixels, int i, int plane) {
        return RED * pixels[i] + GREEN * pixels[plane + i] + BLUE * pixels[2 * plane + i];
    }


    private static void checkFactor(double factor, String name) {
        if (!(factor >= 0)) {
            throw new IllegalArgumentException(name + " factor must be non-negative, was " + factor);
        }
    }

    /** {@code torch.clamp(x, 0, 1)}, which keeps NaN. */
    private static float clamp01(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        return x < 0f ? 0f : Math.min(x, 1f);
    }
}
