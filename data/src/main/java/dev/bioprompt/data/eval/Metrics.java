package dev.bioprompt.data.eval;

/** Scalar metrics of the few-shot protocols. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The harmonic mean of base and novel accuracy, {@code 2BN/(B+N)}, in the units given; 0 when both are 0.
     *
     * @throws IllegalArgumentException for a negative or non-finite input
     */
    public static double harmonicMean(double base, double novel) {
        if (!(base >= 0) || !(novel >= 0) || Double.isInfinite(base) || Double.isInfinite(novel)) {
            throw new IllegalArgumentException("base and novel accuracy must be finite and >= 0, were " + base + ", "
                    + novel);
        }
        return base + novel == 0 ? 0 : 2 * base * novel / (base + novel);
    }

    /** Index of the largest value in each row of {@code [n, classes]} logits (the first on ties). */
    public static int[] argmax(float[][] logits) {
        int[] out = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int best = 0;
            for (int c = 1; c < logits[i].length; c++) {
                if (logits[i][c] > logits[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
