package dev.bioprompt.methods.toolkit;

import ai.djl.ndarray.NDArray;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.Arrays;

/**
 * BiomedCoOp's per-batch outlier pruning of LLM descriptions (OGKD prunes the same way).
 *
 * <p>The score of description index {@code i} is {@code mean_b max_c (s * v_b . g_{c,i})} over the batch images
 * {@code v} and every class. The reference standardises the scores with the median and the median absolute
 * deviation and then keeps {@code |(z_i - mean z) / std z| <= tau} (unbiased std). Because that first step is a
 * positive affine map it cancels, so this keeps {@code |score_i - mean| <= tau * std_unbiased} and guards the cases
 * where the reference divides by zero: when the scores have no spread, or when nothing would be kept, every
 * description is kept.
 */
public final class DescriptionPruning {

    private DescriptionPruning() {
    }

    /**
     * Scores every description index.
     *
     * @param images normalised image features {@code [B, D]} (step-scoped; results land in its manager)
     * @param descriptionsT normalised description features arranged as {@code [D, C * N]} (class-major)
     * @param classes C
     * @param scale the CLIP logit scale
     * @return {@code N} scores
     */
    public static float[] scores(NDArray images, NDArray descriptionsT, int classes, float scale) {
        long batch = images.getShape().get(0);
        long n = descriptionsT.getShape().get(1) / classes;
        return ScalarOps.mul(images.stopGradient().matMul(descriptionsT), scale).reshape(batch, classes, n).max(new int[] {1})
                .mean(new int[] {0}).toFloatArray();
    }

    /** Which description indices pass the outlier test at threshold {@code tau}. */
    public static boolean[] keep(float[] scores, double tau) {
        int n = scores.length;
        boolean[] keep = new boolean[n];
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
        int kept = 0;
        for (int i = 0; i < n; i++) {
            keep[i] = std == 0 || Math.abs(scores[i] - mean) <= tau * std;
            kept += keep[i] ? 1 : 0;
        }
        if (kept == 0) {
            Arrays.fill(keep, true);
        }
        return keep;
    }

    /** Averaging weights: {@code 1/k} for each of the {@code k} kept indices, 0 otherwise. */
    public static float[] weights(boolean[] keep) {
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        float[] w = new float[keep.length];
        for (int i = 0; i < keep.length; i++) {
            w[i] = keep[i] ? 1f / kept : 0f;
        }
        return w;
    }
}
