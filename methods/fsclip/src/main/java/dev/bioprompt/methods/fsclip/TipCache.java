package dev.bioprompt.methods.fsclip;

/**
 * Tip-Adapter's logits and its hyper-parameter search. For a normalised feature f, class text features T, cache keys
 * (or the fine-tuned adapter) {@code K [N, D]} and one-hot cache values {@code L [N, C]}:
 * {@code z(f) = s f T^T + alpha sum_n exp(-beta (1 - f . k_n)) L_n}.
 */
final class TipCache {

    private TipCache() {
    }

    /** The cache term {@code exp(-beta (1 - A)) L} for affinities {@code A = F K^T [M, N]}. */
    static double[][] cacheLogits(double[][] affinity, int[] cacheLabels, int classes, double beta) {
        double[][] out = new double[affinity.length][classes];
        for (int m = 0; m < affinity.length; m++) {
            for (int n = 0; n < cacheLabels.length; n++) {
                out[m][cacheLabels[n]] += Math.exp(-beta * (1 - affinity[m][n]));
            }
        }
        return out;
    }

    /** {@code zeroShot + alpha * cache}. */
    static double[][] combine(double[][] zeroShot, double[][] cache, double alpha) {
        double[][] out = new double[zeroShot.length][];
        for (int m = 0; m < zeroShot.length; m++) {
            out[m] = new double[zeroShot[m].length];
            for (int c = 0; c < out[m].length; c++) {
                out[m][c] = zeroShot[m][c] + alpha * cache[m][c];
            }
        }
        return out;
    }

    /** The grid values {@code 0.1 + i (scale - 0.1) / steps}, {@code i = 0..steps-1}. */
    static double[] grid(double scale, int steps) {
        double[] values = new double[steps];
        for (int i = 0; i < steps; i++) {
            values[i] = i * (scale - 0.1) / steps + 0.1;
        }
        return values;
    }

    /**
     * The search result.
     *
     * @param beta the chosen sharpness (0 when no pair has a positive accuracy)
     * @param alpha the chosen residual weight (0 likewise)
     * @param accuracy its validation accuracy in percent
     */
    record Choice(double beta, double alpha, double accuracy) {
    }

    /**
     * The reference's grid search: beta in the outer loop, alpha in the inner, a pair kept only when its validation
     * accuracy is strictly higher than the best so far (which starts at 0), so the first maximum wins.
     */
    static Choice search(double[][] zeroShot, double[][] affinity, int[] cacheLabels, int[] labels, double[] betas,
                         double[] alphas) {
        int classes = zeroShot[0].length;
        double best = 0;
        double bestBeta = 0;
        double bestAlpha = 0;
        for (double beta : betas) {
            double[][] cache = cacheLogits(affinity, cacheLabels, classes, beta);
            for (double alpha : alphas) {
                double accuracy = Dense.accuracy(combine(zeroShot, cache, alpha), labels);
                if (accuracy > best) {
                    best = accuracy;
                    bestBeta = beta;
                    bestAlpha = alpha;
                }
            }
        }
        return new Choice(bestBeta, bestAlpha, best);
    }
}
