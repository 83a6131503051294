package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter} on 8-bit RGB images: brightness, contrast and saturation factors uniform in
 * {@code [max(0, 1-x), 1+x]} and a hue shift uniform in {@code [-hue, hue]}, applied in a random order. For a
 * given factor each adjustment is bit-identical to torchvision on a Pillow image (brightness, contrast and
 * saturation are Pillow {@code ImageEnhance} blends; hue shifts H of Pillow's 8-bit HSV).
 *
 * <p>It runs on the [0, 255] image before normalisation (the clean reading of BioVLM's strong view; the released
 * code applies it to normalised tensors, see the BioVLM spec §2.5, which {@link TensorColorJitter} reproduces).
 *
 * @param brightness brightness jitter (0.4 in BioVLM)
 * @param contrast contrast jitter (0.4)
 * @param saturation saturation jitter (0.4)
 * @param hue hue jitter, at most 0.5 (0.1)
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue) implements ImageTransform {

    public ColorJitter {
        if (brightness < 0 || contrast < 0 || saturation < 0 || hue < 0 || hue > 0.5) {
            throw new IllegalArgumentException("bad ColorJitter parameters: " + brightness + ", " + contrast + ", "
                    + saturation + ", " + hue + " (all >= 0, hue <= 0.5)");
        }
    }

    @Override
    public BufferedImage apply(BufferedImage image, SplittableRandom random) {
        JitterDraw draw = JitterDraw.draw(random, brightness, contrast, saturation, hue);
        int w = image.getWidth();
        int ht = image.getHeight();
        int[] px = image.getRGB(0, 0, w, ht, null, 0, w);
        double[] amounts = {brightness, contrast, saturation, hue};
        for (int op : draw.order()) {
            if (amounts[op] > 0) {
                adjust(px, op, draw.factors()[op]);
            }
        }
        BufferedImage out = new BufferedImage(w, ht, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, ht, px, 0, w);
        return out;
    }

    /**
     * One adjustment as Pillow/torchvision do it: 0 brightness (blend with black), 1 contrast (blend with the mean
     * grey level), 2 saturation (blend with the grey image), 3 hue (shift by {@code factor} turns).
     */
    static void adjust(int[] px, int op, double factor) {
        switch (op) {
            case 0 -> blendConstant(px, 0, factor);
            case 1 -> {
                long sum = 0;
                for (int p : px) {
                    sum += grey(p);
                }
                blendConstant(px, (int) (sum / (double) px.length + 0.5), factor);
            }
            case 2 -> {
                for (int i = 0; i < px.length; i++) {
                    int g = grey(px[i]);
                    px[i] = rgb(blend(g, r(px[i]), factor), blend(g, gr(px[i]), factor), blend(g, bl(px[i]), factor));
                }
            }
            case 3 -> shiftHue(px, factor);
            default -> throw new IllegalArgumentException("unknown colour operation " + op);
        }
    }


    private static void blendConstant(int[] px, int base, double f) {
        for (int i = 0; i < px.length; i++) {
            px[i] = rgb(blend(base, r(px[i]), f), blend(base, gr(px[i]), f), blend(base, bl(px[i]), f));
        }
    }

    /** Pillow's {@code Image.blend(degenerate, image, f)} for one channel (single-precision, truncated). */
    private static int blend(int degenerate, int value, double f) {
        float v = degenerate + (float) f * (value - degenerate);
        if (v <= 0f) {
            return 0;
        }
        if (v >= 255f) {
            return 255;
        }
        return (int) v;
    }

    /** Pillow's RGB to L conversion. */
    static int grey(int p) {
        return (r(p) * 19595 + gr(p) * 38470 + bl(p) * 7471 + 0x8000) >> 16;
    }

    /**
     * torchvision's hue adjustment on a Pillow image: to 8-bit HSV (Pillow's conversion), add
     * {@code int8(shift * 255)} to H with wrap-around, back to RGB.
     */
    private static void shiftHue(int[] px, double shift) {
        int delta = (int) (shift * 255);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int red = r(p);
            int green = gr(p);
            int blue = bl(p);
            int max = Math.max(red, Math.max(green, blue));
            int min = Math.min(red, Math.min(green, blue));
            if (max == min) {
                continue; // grey: saturation 0, hue irrelevant
            }
            float range = max - min;
            float sat = range / max;
            float rc = (max - red) / range;
            float gc = (max - green) / range;
            float bc = (max - blue) / range;
            float hue;
            if (red == max) {
                hue = bc - gc;
            } else if (green == max) {
                hue = (float) (2.0 + rc - bc);
            } else {
                hue = (float) (4.0 + gc - rc);
            }
            hue = (float) ((hue / 6.0 + 1.0) % 1.0);
            int h8 = clip8((int) (hue * 255.0));
            int s8 = clip8((int) (sat * 255.0));
            px[i] = hsvToRgb((h8 + delta) & 0xff, s8, max);
        }
    }

    /** Pillow's 8-bit HSV to RGB (colorsys semantics, rounded). */
    private static int hsvToRgb(int h, int s, int v) {
        if (s == 0) {
            return rgb(v, v, v);
        }
        int sector = (int) Math.floor((float) h * 6.0 / 255.0);
        float frac = (float) ((float) h * 6.0 / 255.0 - (float) sector);
        float fs = (float) (((float) s) / 255.0);
        int p = clip8((int) Math.round((float) v * (1.0 - fs)));
        int q = clip8((int) Math.round((float) v * (1.0 - fs * frac)));
        int t = clip8((int) Math.round((float) v * (1.0 - fs * (1.0 - frac))));
        return switch (sector % 6) {
            case 0 -> rgb(v, t, p);
            case 1 -> rgb(q, v, p);
            case 2 -> rgb(p, v, t);
            case 3 -> rgb(p, q, v);
            case 4 -> rgb(t, p, v);
            default -> rgb(v, p, q);
        };
    }

    private static int clip8(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int r(int p) {
        return (p >>> 16) & 0xff;
    }

    private static int gr(int p) {
        return (p >>> 8) & 0xff;
    }

    private static int bl(int p) {
        return p & 0xff;
    }

    private static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }
}
