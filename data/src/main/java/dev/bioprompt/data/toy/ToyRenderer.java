package dev.bioprompt.data.toy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/** Draws one toy image: the modality's background plus the class pattern, with per-image random geometry. */
final class ToyRenderer {

    private ToyRenderer() {
    }

    static BufferedImage render(ToyModality m, ToyPattern pattern, int size, SplittableRandom r) {
        double[] v = new double[size * size];
        double scale = size / 64.0;
        switch (m.dataset()) {
            case "TOY_MRI" -> mriBackground(v, size, r);
            case "TOY_US" -> ultrasoundBackground(v, size, r);
            case "TOY_CXR" -> otherSiteXrayBackground(v, size, r);
            default -> xrayBackground(v, size, r);
        }
        drawPattern(v, size, scale, pattern, r);
        if (m.rgb()) {
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            double tint = 0.9 + 0.1 * r.nextDouble();
            for (int i = 0; i < v.length; i++) {
                int red = quantize(v[i]);
                int green = quantize(v[i] * 0.82 * tint);
                int blue = quantize(v[i] * 0.62);
                data[i] = red << 16 | green << 8 | blue;
            }
            return image;
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < v.length; i++) {
            data[i] = (byte) quantize(v[i]);
        }
        return image;
    }

    private static int quantize(double x) {
        return (int) StrictMath.round(255.0 * Math.max(0.0, Math.min(1.0, x)));
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    private static void mriBackground(double[] v, int s, SplittableRandom r) {
        double c = (s - 1) / 2.0;
        double ax = s * (0.40 + 0.04 * r.nextDouble());
        double ay = s * (0.46 + 0.03 * r.nextDouble());
        double level = 0.30 + 0.06 * r.nextDouble();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double d = StrictMath.sqrt(sq((x - c) / ax) + sq((y - c) / ay));
                double head = d < 1.0 ? level * (1.0 - 0.3 * d * d) : 0.04;
                v[y * s + x] = head + 0.03 * gaussian(r);
            }
        }
    }

    private static void ultrasoundBackground(double[] v, int s, SplittableRandom r) {
        double apexX = (s - 1) / 2.0;
        double half = 0.55 + 0.1 * r.nextDouble();
        double level = 0.40 + 0.05 * r.nextDouble();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dx = x - apexX;
                double dy = y + 2.0;
                double angle = StrictMath.atan2(dx, dy);
                boolean inside = StrictMath.abs(angle) < half && StrictMath.hypot(dx, dy) < s * 1.02;
                double speckle = -StrictMath.log(1.0 - r.nextDouble()) * 0.6 + 0.4;
                v[y * s + x] = inside ? level * speckle * (1.0 - 0.35 * y / s) : 0.0;
            }
        }
    }

    private static void xrayBackground(double[] v, int s, SplittableRandom r) {
        double level = 0.22 + 0.05 * r.nextDouble();
        double ribPeriod = s / (5.5 + r.nextDouble());
        double phase = r.nextDouble() * 2 * StrictMath.PI;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double spine = 0.25 * StrictMath.exp(-sq((x - (s - 1) / 2.0) / (0.07 * s)));
                double ribs = 0.06 * StrictMath.sin(2 * StrictMath.PI * y / ribPeriod + phase);
                v[y * s + x] = level + 0.15 * y / s + spine + ribs + 0.02 * gaussian(r);
            }
        }
    }

    /** A chest X-ray from another site: brighter exposure, weaker ribs and spine, the gradient reversed, more noise. */
    private static void otherSiteXrayBackground(double[] v, int s, SplittableRandom r) {
        double level = 0.30 + 0.05 * r.nextDouble();
        double ribPeriod = s / (6.5 + r.nextDouble());
        double phase = r.nextDouble() * 2 * StrictMath.PI;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double spine = 0.18 * StrictMath.exp(-sq((x - (s - 1) / 2.0) / (0.09 * s)));
                double ribs = 0.035 * StrictMath.sin(2 * StrictMath.PI * y / ribPeriod + phase);
                v[y * s + x] = level + 0.10 * (s - y) / s + spine + ribs + 0.035 * gaussian(r);
            }
        }
    }

    private static void drawPattern(double[] v, int s, double scale, ToyPattern p, SplittableRandom r) {
        double cx = s * (0.35 + 0.3 * r.nextDouble());
        double cy = s * (0.35 + 0.3 * r.nextDouble());
        switch (p) {
            case PLAIN -> {
            }
            case DISC -> {
                double radius = scale * (9 + 5 * r.nextDouble());
                double amp = 0.5 + 0.15 * r.nextDouble();
                paint(v, s, (x, y) -> amp * edge(radius - StrictMath.hypot(x - cx, y - cy)));
            }
            case RING -> {
                double radius = scale * (11 + 5 * r.nextDouble());
                double width = scale * (2 + 1.5 * r.nextDouble());
                double amp = 0.5 + 0.15 * r.nextDouble();
                paint(v, s, (x, y) -> amp * edge(width - StrictMath.abs(StrictMath.hypot(x - cx, y - cy) - radius)));
            }
            case STRIPES -> {
                double angle = r.nextDouble() * StrictMath.PI;
                double period = scale * (6 + 4 * r.nextDouble());
                double ca = StrictMath.cos(angle);
                double sa = StrictMath.sin(angle);
                paint(v, s, (x, y) -> 0.25 + 0.25 * StrictMath.sin(2 * StrictMath.PI * (x * ca + y * sa) / period));
            }
            case BLOBS -> {
                int n = 5 + r.nextInt(5);
                double[][] blobs = new double[n][3];
                for (double[] b : blobs) {
                    b[0] = cx + scale * 12 * (2 * r.nextDouble() - 1);
                    b[1] = cy + scale * 12 * (2 * r.nextDouble() - 1);
                    b[2] = scale * (2 + 1.5 * r.nextDouble());
                }
                paint(v, s, (x, y) -> {
                    double a = 0;
                    for (double[] b : blobs) {
                        a = Math.max(a, edge(b[2] - StrictMath.hypot(x - b[0], y - b[1])));
                    }
                    return 0.55 * a;
                });
            }
            case DARK_DISC -> {
                double radius = scale * (9 + 5 * r.nextDouble());
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        double inside = edge(radius - StrictMath.hypot(x - cx, y - cy));
                        v[y * s + x] *= 1.0 - 0.9 * inside;
                    }
                }
            }
            case LINE -> {
                double angle = StrictMath.PI * (0.15 + 0.7 * r.nextDouble());
                double width = scale * (1.0 + 0.8 * r.nextDouble());
                double nx = -StrictMath.sin(angle);
                double ny = StrictMath.cos(angle);
                paint(v, s, (x, y) -> 0.6 * edge(width - StrictMath.abs((x - cx) * nx + (y - cy) * ny)));
            }
            case OPACITY -> {
                double sigma = scale * (11 + 6 * r.nextDouble());
                double amp = 0.4 + 0.15 * r.nextDouble();
                paint(v, s, (x, y) -> amp * StrictMath.exp(-(sq(x - cx) + sq(y - cy)) / (2 * sigma * sigma)));
            }
            default -> throw new IllegalStateException("unhandled pattern " + p);
        }
    }

    private interface Field {
        double at(int x, int y);
    }

    private static void paint(double[] v, int s, Field f) {
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                v[y * s + x] += f.at(x, y);
            }
        }
    }

    /** A one-pixel soft edge: 1 well inside (d > 0.5), 0 outside. */
    private static double edge(double d) {
        return Math.max(0.0, Math.min(1.0, d + 0.5));
    }

    private static double sq(double x) {
        return x * x;
    }
}
