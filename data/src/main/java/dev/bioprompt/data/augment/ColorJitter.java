package dev.bioprompt.data.augment;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter} on 8-bit RGB images: brightness, contrast and saturation factors uniform in
 * {@code [max(0, 1-x), 1+x]} and a hue shift uniform in {@code [-hue, hue]}, applied in a random order with Pillow's
 * blend semantics (contrast blends with the mean grey level, saturation with the grey image, brightness with
 * black; hue rotates H in HSV).
 *
 * <p>It runs on the [0, 255] image before normalisation (the clean reading of BioVLM's strong view; the released
 * code applies it to normalised tensors, see the BioVLM spec §2.5).
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
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double b = factor(random, brightness);
        double c = factor(random, contrast);
        double s = factor(random, saturation);
        double h = hue == 0 ? 0 : -hue + 2 * hue * random.nextDouble();
        int w = image.getWidth();
        int ht = image.getHeight();
        int[] px = image.getRGB(0, 0, w, ht, null, 0, w);
        for (int op : order) {
            switch (op) {
                case 0 -> {
                    if (brightness > 0) {
                        blendConstant(px, 0, b);
                    }
                }
                case 1 -> {
                    if (contrast > 0) {
                        long sum = 0;
                        for (int p : px) {
                            sum += grey(p);
                        }
                        blendConstant(px, (int) (sum / (double) px.length + 0.5), c);
                    }
                }
                case 2 -> {
                    if (saturation > 0) {
                        for (int i = 0; i < px.length; i++) {
                            int g = grey(px[i]);
                            px[i] = rgb(blend(g, r(px[i]), s), blend(g, gr(px[i]), s), blend(g, bl(px[i]), s));
                        }
                    }
                }
                default -> {
                    if (h != 0) {
                        shiftHue(px, h);
                    }
                }
            }
        }
        BufferedImage out = new BufferedImage(w, ht, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, ht, px, 0, w);
        return out;
    }

    private static double factor(SplittableRandom random, double x) {
        if (x == 0) {
            return 1;
        }
        double lo = Math.max(0, 1 - x);
        return lo + (1 + x - lo) * random.nextDouble();
    }

    private static void blendConstant(int[] px, int base, double f) {
        for (int i = 0; i < px.length; i++) {
            px[i] = rgb(blend(base, r(px[i]), f), blend(base, gr(px[i]), f), blend(base, bl(px[i]), f));
        }
    }

    /** Pillow's {@code Image.blend(degenerate, image, f)} for one channel. */
    private static int blend(int degenerate, int value, double f) {
        double v = degenerate + f * (value - degenerate);
        return (int) Math.max(0, Math.min(255, (int) v));
    }

    /** Pillow's RGB to L conversion. */
    static int grey(int p) {
        return (r(p) * 19595 + gr(p) * 38470 + bl(p) * 7471 + 0x8000) >> 16;
    }

    private static void shiftHue(int[] px, double shift) {
        float[] hsb = new float[3];
        for (int i = 0; i < px.length; i++) {
            java.awt.Color.RGBtoHSB(r(px[i]), gr(px[i]), bl(px[i]), hsb);
            double hue = hsb[0] + shift;
            hue -= Math.floor(hue);
            px[i] = java.awt.Color.HSBtoRGB((float) hue, hsb[1], hsb[2]) & 0xffffff;
        }
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
