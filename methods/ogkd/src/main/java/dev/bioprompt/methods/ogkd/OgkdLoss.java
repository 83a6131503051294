package dev.bioprompt.methods.ogkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.Arrays;
import java.util.Comparator;

/** OGKD's graph-smoothed distillation terms, on precomputed logits. Teacher logits are constants. */
final class OgkdLoss {

    private OgkdLoss() {
    }

    /**
     * GAD on the global token: {@code (1 / (B C)) sum exp(l~) (l~ - log softmax(z))} with
     * {@code l~ = smooth(log softmax(q))}.
     *
     * @param student student logits {@code [B, C]}
     * @param teacher teacher logits {@code [B, C]}
     */
    static NDArray gad(NDArray student, NDArray teacher, GeometrySmoothing smoothing) {
        NDArray target = smoothing.smooth(teacher.stopGradient().logSoftmax(-1));
        NDArray logP = student.logSoftmax(-1);
        return ScalarOps.div(target.exp().mul(target.sub(logP)).sum(), student.getShape().size());
    }

    /**
     * The attentive patches: per image the {@code k} patches with the largest {@code |Q[b, n, y_b]|}, the teacher's
     * patch logit at the ground-truth class (ties keep the lower patch index).
     *
     * @param teacher teacher patch logits {@code [B, N, C]}
     * @param labels ground-truth classes
     * @return flat row indices {@code b * N + n}, {@code k} per image, image-major, best first
     */
    static long[] attentivePatches(NDArray teacher, long[] labels, int k) {
        Shape shape = teacher.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int patches = Math.toIntExact(shape.get(1));
        int classes = Math.toIntExact(shape.get(2));
        if (k < 1 || k > patches) {
            throw new IllegalArgumentException("cannot select " + k + " of " + patches + " patches");
        }
        float[] q = teacher.stopGradient().toFloatArray();
        long[] rows = new long[batch * k];
        for (int b = 0; b < batch; b++) {
            int image = b;
            Integer[] order = new Integer[patches];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble(
                    (Integer n) -> -Math.abs(q[(image * patches + n) * classes + (int) labels[image]]))
                    .thenComparingInt(n -> n));
            for (int i = 0; i < k; i++) {
                rows[b * k + i] = (long) b * patches + order[i];
            }
        }
        return rows;
    }

    /** {@code k = max(1, round(patches * ratio))}. */
    static int topK(int patches, double ratio) {
        return Math.max(1, Math.min(patches, (int) Math.round(patches * ratio)));
    }

    /**
     * LGD on the attentive patches: {@code (1 / (B k)) sum exp(tau) (tau - sigma)} with {@code tau} the ground-truth
     * entry of the smoothed teacher log-distribution of a patch and {@code sigma} the student's ground-truth
     * log-probability of that patch.
     *
     * @param manager step-scoped manager for index arrays
     * @param student student patch logits {@code [B, N, C]}
     * @param teacher teacher patch logits {@code [B, N, C]}
     * @param labels {@code [B]}
     * @param k patches per image
     */
    static NDArray lgd(NDManager manager, NDArray student, NDArray teacher, NDArray labels, int k,
                       GeometrySmoothing smoothing) {
        Shape shape = student.getShape();
        long batch = shape.get(0);
        long classes = shape.get(2);
        long[] ids = labels.toLongArray();
        long[] rows = attentivePatches(teacher, ids, k);
        NDArray index = OwnedArrays.of(manager, rows);
        NDArray studentRows = student.reshape(batch * shape.get(1), classes).get(index);
        NDArray teacherRows = teacher.stopGradient().reshape(batch * shape.get(1), classes).get(index);
        long[] rowLabels = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rowLabels[i] = ids[i / k];
        }
        NDArray oneHot = FeatureMath.oneHot(manager, OwnedArrays.of(manager, rowLabels), classes);
        NDArray tau = smoothing.smooth(teacherRows.logSoftmax(-1)).mul(oneHot).sum(new int[] {1});
        NDArray sigma = studentRows.logSoftmax(-1).mul(oneHot).sum(new int[] {1});
        return ScalarOps.div(tau.exp().mul(tau.sub(sigma)).sum(), (double) batch * k);
    }
}
