package dev.bioprompt.methods.biovlm;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BioVLM training loss on precomputed logits and features:
 * {@code CE + kd * KD + kdAug * KD_aug + entropy * (H_student + H_attribute + H_augmented) + cos * L_cos}.
 *
 * <p>Both KL terms sum {@code q (log q - log p)} over the batch and divide by {@code B * M * C}, the size of the bank
 * logits, as the reference does.
 *
 * @param weights the term weights
 * @param bankKeep members of the bank (and of the attribute bank) kept by the routing
 * @param augmentedKeep members of the pooled strong and weak attribute logits kept by the routing
 * @param entropyGradient the student entropy term is differentiable (false: its value is added without gradient,
 *     as the released code does)
 * @param cosineOverFeatures the alignment cosine is taken over the feature axis per (prompt, class) (false: over
 *     the class axis per (prompt, feature), as the released code does)
 */
record BioVlmLoss(Weights weights, int bankKeep, int augmentedKeep, boolean entropyGradient,
                  boolean cosineOverFeatures) {

    /** Lower bound of the cosine denominator, as torch's {@code cosine_similarity}. */
    private static final float COSINE_EPS = 1e-8f;

    /**
     * Term weights.
     *
     * @param kd weight of the attribute distillation
     * @param kdAug weight of the strong/weak attribute distillation
     * @param entropy weight of each entropy term
     * @param cos weight of the prompt-attribute alignment
     */
    record Weights(double kd, double kdAug, double entropy, double cos) {
    }

    BioVlmLoss {
        requireNonNull(weights, "weights is null");
    }

    /**
     * Computes the loss.
     *
     * @param bankLogits student logits {@code [B, M, C]}
     * @param attributeLogits attribute (teacher) logits {@code [B, M, C]}
     * @param augmentedLogits attribute logits of the strong and weak views {@code [B, 2M, C]}
     * @param bankText normalised student class features {@code [M, C, D]}
     * @param attributeText normalised attribute features {@code [M, C, D]}, sentence {@code m} paired with prompt
     *     {@code m}
     * @param labels {@code [B]}
     * @return the total, the weighted terms and the routed student logits {@code [B, C]}
     */
    LossResult compute(NDArray bankLogits, NDArray attributeLogits, NDArray augmentedLogits, NDArray bankText,
                       NDArray attributeText, NDArray labels) {
        Shape shape = bankLogits.getShape();
        float logitCount = shape.size();

        NDArray bankMask = EntropyRouting.lowestEntropyMask(bankLogits, bankKeep);
        NDArray routed = EntropyRouting.routedMean(bankLogits, bankMask, bankKeep);
        NDArray attributeMask = EntropyRouting.lowestEntropyMask(attributeLogits, bankKeep);
        NDArray attributeRouted = EntropyRouting.routedMean(attributeLogits, attributeMask, bankKeep).stopGradient();
        NDArray augmentedMask = EntropyRouting.lowestEntropyMask(augmentedLogits, augmentedKeep);
        NDArray augmentedRouted = EntropyRouting.routedMean(augmentedLogits, augmentedMask, augmentedKeep)
                .stopGradient();

        NDArray ce = FeatureMath.crossEntropy(routed, labels);
        NDArray kd = ScalarOps.mul(FeatureMath.klSum(routed, attributeRouted), weights.kd() / logitCount);
        NDArray kdAug = ScalarOps.mul(FeatureMath.klSum(routed, augmentedRouted), weights.kdAug() / logitCount);

        NDArray studentEntropy = EntropyRouting.keptMeanEntropy(bankLogits, bankMask, bankKeep).mean();
        if (!entropyGradient) {
            studentEntropy = studentEntropy.stopGradient();
        }
        NDArray attributeEntropy = EntropyRouting.keptMeanEntropy(attributeLogits.stopGradient(), attributeMask,
                bankKeep).mean();
        NDArray augmentedEntropy = EntropyRouting.keptMeanEntropy(augmentedLogits.stopGradient(), augmentedMask,
                augmentedKeep).mean();
        float entropyWeight = (float) weights.entropy();
        NDArray cos = ScalarOps.mul(alignment(bankText, attributeText), weights.cos());

        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("kd", kd);
        terms.put("kd-aug", kdAug);
        terms.put("entropy", ScalarOps.mul(studentEntropy, entropyWeight));
        terms.put("attribute-entropy", ScalarOps.mul(attributeEntropy, entropyWeight));
        terms.put("augmented-entropy", ScalarOps.mul(augmentedEntropy, entropyWeight));
        terms.put("cos", cos);
        NDArray total = null;
        for (NDArray term : terms.values()) {
            total = total == null ? term : total.add(term);
        }
        return new LossResult(total, terms, routed);
    }

    /** {@code 1 - mean cos} between student and attribute features, over the configured axis. */
    NDArray alignment(NDArray bankText, NDArray attributeText) {
        int axis = cosineOverFeatures ? 2 : 1;
        NDArray dot = bankText.mul(attributeText).sum(new int[] {axis});
        NDArray norms = bankText.norm(new int[] {axis}).mul(attributeText.norm(new int[] {axis}));
        NDArray cosine = dot.div(ScalarOps.maximum(norms, COSINE_EPS));
        return ScalarOps.rsub(1, cosine.mean());
    }

    /** Stacks the strong and weak attribute logits into one pool {@code [B, 2M, C]}. */
    static NDArray pool(NDArray strong, NDArray weak) {
        return NDArrays.concat(new NDList(strong, weak), 1);
    }
}
