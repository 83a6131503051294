package dev.bioprompt.methods.toolkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.nd.ScalarOps;

/**
 * Feature and loss arithmetic shared by the prompt learners. Every result is created by an operation dispatched on
 * the first argument, so it lives in that argument's manager (pass step-scoped arrays first).
 */
public final class FeatureMath {

    private FeatureMath() {
    }

    /** L2-normalises the last axis: {@code x / ||x||}. */
    public static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    /**
     * {@code scale * a @ b.T} for row features {@code a [B, D]} and {@code b [C, D]}; {@code b} may be long-lived, every
     * intermediate lands in {@code a}'s manager.
     */
    public static NDArray scaledSimilarity(NDArray a, NDArray b, float scale) {
        NDArray transposed = b.transpose();
        transposed.attach(a.getManager());
        return ScalarOps.mul(a.matMul(transposed), scale);
    }

    /** Mean cross-entropy of logits {@code [B, C]} against integer labels {@code [B]}. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(-1);
        NDArray oneHot = oneHot(logits.getManager(), labels, logits.getShape().get(1));
        return logProbabilities.mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /** Mean over all elements of the squared difference (torch {@code mse_loss}, mean reduction). */
    public static NDArray meanSquaredError(NDArray a, NDArray b) {
        return a.sub(b).square().mean();
    }

    /** Mean over all elements of the absolute difference (torch {@code l1_loss}, mean reduction). */
    public static NDArray meanAbsoluteError(NDArray a, NDArray b) {
        return a.sub(b).abs().mean();
    }

    /**
     * KL(teacher || student) with temperature 1, summed over every logit and divided by the number of logits
     * {@code B * C}, as the reference's {@code kl_div(..., reduction='sum') / numel}.
     */
    public static NDArray klTeacherStudent(NDArray teacherLogits, NDArray studentLogits) {
        NDArray logQ = teacherLogits.logSoftmax(-1);
        NDArray logP = studentLogits.logSoftmax(-1);
        NDArray q = logQ.exp();
        return ScalarOps.div(q.mul(logQ.sub(logP)).sum(), studentLogits.getShape().size());
    }

    /**
     * {@code sum q (log q - log p)} over every entry, with {@code q = softmax(teacher)} (a constant) and
     * {@code p = softmax(student)}; the caller divides (BioVLM by {@code B * M * C}, OGKD by {@code B * C} or
     * {@code B * k}).
     */
    public static NDArray klSum(NDArray studentLogits, NDArray teacherLogits) {
        NDArray logP = studentLogits.logSoftmax(-1);
        NDArray logQ = teacherLogits.stopGradient().logSoftmax(-1);
        return logQ.exp().mul(logQ.sub(logP)).sum();
    }

    /** One-hot rows {@code [B, classes]} (float32) for integer labels, created in {@code manager}. */
    public static NDArray oneHot(NDManager manager, NDArray labels, long classes) {
        long[] ids = labels.toType(DataType.INT64, false).toLongArray();
        float[] values = new float[Math.toIntExact(ids.length * classes)];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= classes) {
                throw new IllegalArgumentException("label " + ids[i] + " is outside 0.." + (classes - 1));
            }
            values[Math.toIntExact(i * classes + ids[i])] = 1f;
        }
        return OwnedArrays.of(manager, values, new Shape(ids.length, classes));
    }

    /** A step-scoped copy of a long-lived array (gradients still flow to the original). */
    public static NDArray scoped(NDManager manager, NDArray array) {
        return manager.zeros(array.getShape(), array.getDataType()).add(array);
    }
}
