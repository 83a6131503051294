package dev.bioprompt.methods.cocoop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.ContextVectors;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CoCoOp's meta-net {@code pi(v) = W2 relu(W1 v + b1) + b2}, from the normalised image feature ({@code E} wide) to
 * one word-embedding-space shift ({@code D} wide), with a hidden width of {@code E / 16}. Initialised as PyTorch's
 * default {@code Linear}: weight and bias uniform in {@code +-1/sqrt(in_features)}.
 */
final class MetaNet implements AutoCloseable {

    static final String W1 = "meta-net.linear1.weight";
    static final String B1 = "meta-net.linear1.bias";
    static final String W2 = "meta-net.linear2.weight";
    static final String B2 = "meta-net.linear2.bias";

    private final Map<String, NDArray> tensors;

    private MetaNet(Map<String, NDArray> tensors) {
        this.tensors = tensors;
    }

    /** A learnable meta-net with the reference's initialisation, reproducible from the seed. */
    static MetaNet initial(NDManager manager, int imageDim, int textWidth, long seed) {
        int hidden = Math.max(1, imageDim / 16);
        double bound1 = 1 / Math.sqrt(imageDim);
        double bound2 = 1 / Math.sqrt(hidden);
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put(W1, uniform(manager, new Shape(hidden, imageDim), bound1, seed * 4 + 1));
        t.put(B1, uniform(manager, new Shape(hidden), bound1, seed * 4 + 2));
        t.put(W2, uniform(manager, new Shape(textWidth, hidden), bound2, seed * 4 + 3));
        t.put(B2, uniform(manager, new Shape(textWidth), bound2, seed * 4 + 4));
        return new MetaNet(t);
    }

    private static NDArray uniform(NDManager manager, Shape shape, double bound, long seed) {
        return ContextVectors.learnable(manager, ContextVectors.uniform(shape, bound, seed), shape);
    }

    /** A constant (no gradient) copy owned by {@code manager}, for a classifier. */
    MetaNet frozenCopy(NDManager manager) {
        Map<String, NDArray> t = new LinkedHashMap<>();
        tensors.forEach((name, value) -> t.put(name, FeatureMath.scoped(manager, value).stopGradient()));
        return new MetaNet(t);
    }

    /** The learnable tensors by name. */
    Map<String, NDArray> tensors() {
        return tensors;
    }

    /**
     * The shift of every image.
     *
     * @param image normalised image features {@code [B, E]} (step-scoped; the result lives in its manager)
     * @return {@code [B, D]}
     */
    NDArray forward(NDArray image) {
        NDManager m = image.getManager();
        NDArray hidden = linear(image, FeatureMath.scoped(m, tensors.get(W1)), FeatureMath.scoped(m, tensors.get(B1)));
        NDArray relu = ScalarOps.maximum(hidden, 0.0);
        return linear(relu, FeatureMath.scoped(m, tensors.get(W2)), FeatureMath.scoped(m, tensors.get(B2)));
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight.transpose()).add(bias);
    }

    @Override
    public void close() {
        tensors.values().forEach(NDArray::close);
    }
}
