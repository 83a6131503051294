package dev.bioprompt.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * A linear layer over the last axis of an array of any rank, computed as one {@code addmm} over the rows.
 *
 * <p>The libtorch that DJL 0.35.1 loads (2.7.1) runs a linear layer on a 3-d input as a batched product into a
 * zeroed output followed by a separate bias add; on a 2-d input it runs {@code addmm}, which starts from the bias. The
 * towers' linears therefore flatten their leading axes first, as PyTorch's own linear does for contiguous 3-d inputs.
 */
public final class FlatLinear {

    private FlatLinear() {
    }

    /**
     * @param x {@code [..., in]}
     * @param weight {@code [out, in]}
     * @param bias {@code [out]}, or null for none
     * @return {@code [..., out]}
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        int rank = shape.dimension();
        if (rank <= 2) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        NDArray rows = Linear.linear(x.reshape(-1, shape.get(rank - 1)), weight, bias).singletonOrThrow();
        return rows.reshape(shape.slice(0, rank - 1).add(weight.getShape().get(0)));
    }
}
