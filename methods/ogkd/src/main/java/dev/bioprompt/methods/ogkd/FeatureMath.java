package dev.bioprompt.methods.ogkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.ScalarOps;

/**
 * Feature and loss arithmetic. Every result is created by an operation dispatched on the first argument, so it lives
 * in that argument's manager (pass step-scoped arrays first).
 */
final class FeatureMath {

    private FeatureMath() {
    }

    /** L2-normalises the last axis. */
    static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    /** Mean cross-entropy of logits {@code [B, C]} against integer labels {@code [B]}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray oneHot = oneHot(logits.getManager(), labels, logits.getShape().get(1));
        return logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /**
     * {@code sum q (log q - log p)} over every entry, with {@code q = softmax(teacher)} (a constant) and
     * {@code p = softmax(student)}; the caller divides.
     */
    static NDArray klSum(NDArray studentLogits, NDArray teacherLogits) {
        NDArray logP = studentLogits.logSoftmax(-1);
        NDArray logQ = teacherLogits.stopGradient().logSoftmax(-1);
        return logQ.exp().mul(logQ.sub(logP)).sum();
    }

    /** Mean over every element of {@code (a - b)^2}. */
    static NDArray meanSquaredError(NDArray a, NDArray b) {
        return a.sub(b).square().mean();
    }

    /**
     * {@code scale * a @ b.T} for row features {@code a [B, D]} and {@code b [C, D]}; {@code b} may be long-lived,
     * every intermediate lands in {@code a}'s manager.
     */
    static NDArray scaledSimilarity(NDArray a, NDArray b, float scale) {
        NDArray transposed = b.transpose();
        transposed.attach(a.getManager());
        return ScalarOps.mul(a.matMul(transposed), scale);
    }

    /** One-hot rows {@code [B, classes]} (float32) for integer labels, created in {@code manager}. */
    static NDArray oneHot(NDManager manager, NDArray labels, long classes) {
        long[] ids = labels.toType(DataType.INT64, false).toLongArray();
        float[] values = new float[Math.toIntExact(ids.length * classes)];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= classes) {
                throw new IllegalArgumentException("label " + ids[i] + " is outside 0.." + (classes - 1));
            }
            values[Math.toIntExact(i * classes + ids[i])] = 1f;
        }
        return manager.create(values, new Shape(ids.length, classes));
    }

    /** A step-scoped copy of a long-lived array (gradients still flow to the original). */
    static NDArray scoped(NDManager manager, NDArray array) {
        return manager.zeros(array.getShape(), array.getDataType()).add(array);
    }
}
