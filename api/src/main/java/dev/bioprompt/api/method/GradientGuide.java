package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;

/**
 * A second loss of a training batch whose gradient is not added to the total loss's but steers it, as in ProGrad.
 * When a {@link LossResult} carries a guide the engine back-propagates the guide loss first (keeping the graph),
 * keeps its gradients, back-propagates {@link LossResult#total()}, and hands both gradients of every learnable
 * tensor to {@link #combination()}; the optimiser applies the combined gradient. This costs a second backward pass
 * through the shared graph.
 *
 * @param loss a scalar computed in the same forward pass as the total loss (owned by the step-scoped manager)
 * @param combination the per-tensor rule that makes the applied gradient from both gradients
 */
public record GradientGuide(NDArray loss, GradientCombination combination) {
    public GradientGuide {
        requireNonNull(loss, "loss is null");
        requireNonNull(combination, "combination is null");
    }
}
