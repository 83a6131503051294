package dev.bioprompt.methods.biovlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Low-entropy routing over a pool of logit vectors per input: keep the {@code keep} members whose softmax has the
 * lowest entropy and average their raw logits. The selection itself carries no gradient; gradients reach the kept
 * members through the mean. Ties keep the lower member index first.
 */
final class EntropyRouting {

    private EntropyRouting() {
    }

    /**
     * The number of members kept: {@code floor(fraction * pool)}.
     *
     * @throws IllegalArgumentException naming {@code key} when that is not between 1 and {@code pool}
     */
    static int keepCount(double fraction, int pool, String key) {
        int keep = (int) Math.floor(fraction * pool);
        if (!(fraction > 0 && fraction <= 1) || keep < 1) {
            throw new IllegalArgumentException(key + " must be in (0, 1] and keep at least one of " + pool
                    + " members, was " + fraction);
        }
        return keep;
    }

    /** Per-member entropies {@code -sum_c softmax log softmax}, {@code [B, K]}, for logits {@code [B, K, C]}. */
    static NDArray entropies(NDArray logits) {
        NDArray logProbabilities = logits.logSoftmax(-1);
        return logProbabilities.exp().mul(logProbabilities).sum(new int[] {-1}).neg();
    }

    /**
     * The kept members as a 0/1 mask {@code [B, K]} (float32, no gradient) in the manager of {@code logits}.
     *
     * @param logits {@code [B, K, C]}
     * @param keep how many members to keep per input
     */
    static NDArray lowestEntropyMask(NDArray logits, int keep) {
        Shape shape = logits.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int pool = Math.toIntExact(shape.get(1));
        if (keep < 1 || keep > pool) {
            throw new IllegalArgumentException("cannot keep " + keep + " of " + pool + " members");
        }
        float[] h = entropies(logits.stopGradient()).toFloatArray();
        float[] mask = new float[batch * pool];
        for (int b = 0; b < batch; b++) {
            int row = b * pool;
            Integer[] order = new Integer[pool];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> h[row + i]).thenComparingInt(i -> i));
            for (int i = 0; i < keep; i++) {
                mask[row + order[i]] = 1f;
            }
        }
        return OwnedArrays.of(logits.getManager(), mask, new Shape(batch, pool));
    }

    /** The mean of the kept members' logits, {@code [B, C]}. */
    static NDArray routedMean(NDArray logits, NDArray mask, int keep) {
        return ScalarOps.div(logits.mul(mask.expandDims(2)).sum(new int[] {1}), keep);
    }

    /**
     * Entropy of the averaged probability of the kept members, per input ({@code [B]}), computed with a
     * log-mean-exp over the kept members' log-probabilities.
     */
    static NDArray keptMeanEntropy(NDArray logits, NDArray mask, int keep) {
        NDArray keptMask = mask.expandDims(2);
        NDArray logProbabilities = logits.logSoftmax(-1);
        // the largest kept log-probability per (input, class): unkept members are pushed far below
        NDArray max = logProbabilities.add(ScalarOps.mul(ScalarOps.sub(keptMask, 1), 1e9))
                .max(new int[] {1}, true).stopGradient();
        NDArray shifted = logProbabilities.sub(max).mul(keptMask);
        NDArray logMean = ScalarOps.sub(shifted.exp().mul(keptMask).sum(new int[] {1}).log().add(max.squeeze(1)),
                Math.log(keep));
        return logMean.exp().mul(logMean).sum(new int[] {-1}).neg();
    }
}
