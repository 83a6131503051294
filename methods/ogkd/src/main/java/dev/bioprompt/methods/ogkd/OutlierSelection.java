package dev.bioprompt.methods.ogkd;

/**
 * The per-batch outlier pruning of description indices (from BiomedCoOp). The reference standardises the scores
 * with the median and the median absolute deviation, then keeps {@code |(z_i - mean z) / std z| <= tau} with the
 * unbiased std. The first standardisation is a positive affine map and cancels, so this keeps
 * {@code |score_i - mean| <= tau * std}. Where the reference would divide by zero (no spread) every index is kept,
 * and so it is when no index would pass.
 */
final class OutlierSelection {

    private OutlierSelection() {
    }

    /** Which indices pass the test at threshold {@code tau}. */
    static boolean[] keep(float[] scores, double tau) {
        int n = scores.length;
        double mean = 0;
        for (float s : scores) {
            mean += s;
        }
        mean /= n;
        double squares = 0;
        for (float s : scores) {
            squares += (s - mean) * (s - mean);
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        boolean[] keep = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            keep[i] = std == 0 || Math.abs(scores[i] - mean) <= tau * std;
            any |= keep[i];
        }
        if (!any) {
            java.util.Arrays.fill(keep, true);
        }
        return keep;
    }

    /** Averaging weights: {@code 1/k} for each of the {@code k} kept indices, 0 elsewhere. */
    static float[] weights(boolean[] keep) {
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        float[] weights = new float[keep.length];
        for (int i = 0; i < keep.length; i++) {
            weights[i] = keep[i] ? 1f / kept : 0f;
        }
        return weights;
    }
}
