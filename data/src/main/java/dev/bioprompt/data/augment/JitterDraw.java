package dev.bioprompt.data.augment;

import java.util.SplittableRandom;

/**
 * The random part of one colour jitter, as torchvision's {@code ColorJitter.get_params}: a random order of the four
 * operations (0 brightness, 1 contrast, 2 saturation, 3 hue), factors uniform in {@code [max(0, 1-x), 1+x]} and a hue
 * shift uniform in {@code [-hue, hue]}. Shared by the image-space and the tensor-space jitter.
 *
 * @param order the operations in the order to apply them
 * @param factors the factor (or hue shift) of each operation, by operation index
 */
record JitterDraw(int[] order, double[] factors) {

    /** Draws the order, then the brightness, contrast, saturation and hue values, from {@code random}. */
    static JitterDraw draw(SplittableRandom random, double brightness, double contrast, double saturation,
                           double hue) {
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
        return new JitterDraw(order, new double[] {b, c, s, h});
    }

    private static double factor(SplittableRandom random, double x) {
        if (x == 0) {
            return 1;
        }
        double lo = Math.max(0, 1 - x);
        return lo + (1 + x - lo) * random.nextDouble();
    }
}
