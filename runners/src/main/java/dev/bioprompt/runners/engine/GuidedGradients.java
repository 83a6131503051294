package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.GradientGuide;
import dev.bioprompt.api.method.LossResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The backward pass of a loss that carries a {@link GradientGuide} (ProGrad's prediction-guided update), as the
 * reference's {@code prograd_backward_and_update} does it: back-propagate the guide loss keeping the graph, copy its
 * gradients and zero them, back-propagate the total loss, then replace every learnable tensor's gradient with
 * {@code combination(name, total gradient, guide gradient)}. A tensor that the guide loss does not reach gets a zero
 * guide gradient; one that the total loss does not reach keeps no gradient (the optimiser skips it).
 */
public final class GuidedGradients {

    private GuidedGradients() {
    }

    /**
     * Computes the combined gradients into the learnable tensors' gradient buffers.
     *
     * @param scope the step-scoped manager (owns the copies of the guide gradients)
     * @param result a loss with a guide
     * @param trainable the learner's learnable tensors by name
     * @param backwardKeepingGraph back-propagates a loss and keeps the graph
     * @param backward back-propagates a loss
     * @throws IllegalArgumentException when the result has no guide, or a combination returns a wrong shape
     */
    public static void backward(NDManager scope, LossResult result, Map<String, NDArray> trainable,
                                Consumer<NDArray> backwardKeepingGraph, Consumer<NDArray> backward) {
        requireNonNull(scope, "scope is null");
        requireNonNull(trainable, "trainable is null");
        GradientGuide guide = requireNonNull(result, "result is null").guide()
                .orElseThrow(() -> new IllegalArgumentException("the loss carries no gradient guide"));
        backwardKeepingGraph.accept(guide.loss());
        Map<String, NDArray> guideGradients = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            NDArray gradient = gradientOrNull(e.getValue());
            if (gradient != null) {
                NDArray copy = gradient.duplicate();
                copy.attach(scope);
                gradient.close();
                guideGradients.put(e.getKey(), copy);
                GradMode.zeroGradient(e.getValue());
            }
        }
        backward.accept(result.total());
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            NDArray gradient = gradientOrNull(e.getValue());
            if (gradient == null) {
                continue;
            }
            NDArray lossGradient = gradient.duplicate();
            lossGradient.attach(scope);
            NDArray guideGradient = guideGradients.get(e.getKey());
            if (guideGradient == null) {
                guideGradient = scope.zeros(lossGradient.getShape(), lossGradient.getDataType());
            }
            NDArray combined = guide.combination().combine(e.getKey(), lossGradient, guideGradient);
            if (!combined.getShape().equals(lossGradient.getShape())) {
                gradient.close();
                throw new IllegalArgumentException("the gradient combination returned shape " + combined.getShape()
                        + " for '" + e.getKey() + "', whose gradient has shape " + lossGradient.getShape());
            }
            GradMode.zeroGradient(e.getValue());
            gradient.addi(combined);
            gradient.close();
        }
    }

    private static NDArray gradientOrNull(NDArray tensor) {
        try {
            return tensor.getGradient();
        } catch (IllegalStateException noGradient) {
            return null;
        }
    }
}
