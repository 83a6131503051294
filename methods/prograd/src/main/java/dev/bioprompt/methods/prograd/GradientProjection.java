package dev.bioprompt.methods.prograd;

import ai.djl.ndarray.NDArray;
import dev.bioprompt.api.method.GradientCombination;
import dev.bioprompt.api.nd.ScalarOps;

/**
 * ProGrad's update rule, per learnable tensor, as the reference's {@code prograd_backward_and_update}: with
 * {@code g} the cross-entropy gradient and {@code h} the distillation gradient, when {@code cos(g, h) < 0} the
 * applied gradient is {@code g - lambda * (g . h_hat) h_hat} ({@code h_hat = h / |h|}), else {@code g}. A zero
 * {@code g} or {@code h} makes the reference's cosine NaN, which is not below 0: no projection.
 */
record GradientProjection(double lambda) implements GradientCombination {

    @Override
    public NDArray combine(String name, NDArray lossGradient, NDArray guideGradient) {
        double dot = lossGradient.mul(guideGradient).sum().getFloat();
        double guideNorm = guideGradient.norm().getFloat();
        double lossNorm = lossGradient.norm().getFloat();
        if (guideNorm == 0 || lossNorm == 0 || !(dot / (guideNorm * lossNorm) < 0)) {
            return lossGradient;
        }
        NDArray unit = ScalarOps.div(guideGradient, guideNorm);
        return lossGradient.sub(ScalarOps.mul(unit, lambda * dot / guideNorm));
    }
}
