package dev.bioprompt.api.method;

import ai.djl.ndarray.NDArray;

/**
 * How the engine combines, per learnable tensor, the gradient of the total loss with the gradient of a guide loss
 * ({@link GradientGuide}) into the gradient the optimiser applies. ProGrad's rule, for example, removes the part of
 * the cross-entropy gradient that points against the distillation gradient.
 *
 * <p>The engine calls it after both backward passes, once per tensor of {@link PromptLearner#trainable()} that has a
 * gradient, with autograd recording off. Both arguments belong to the step-scoped manager; the result must too (an
 * operation on an argument puts its result there). The engine checks the result for NaN and infinity as it checks
 * any gradient.
 */
@FunctionalInterface
public interface GradientCombination {

    /**
     * The gradient to apply to one learnable tensor.
     *
     * @param name the tensor's name in {@link PromptLearner#trainable()}
     * @param lossGradient the gradient of {@link LossResult#total()}, same shape as the tensor
     * @param guideGradient the gradient of {@link GradientGuide#loss()}, same shape as the tensor
     * @return the combined gradient, same shape as the tensor
     */
    NDArray combine(String name, NDArray lossGradient, NDArray guideGradient);
}
