package dev.bioprompt.methods.biovlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.List;

/**
 * BioVLM's test-time classifier: the bank's class features are computed once; each image is scored against every
 * bank member and the lowest-entropy members' logits are averaged.
 */
final class BankClassifier implements Classifier {

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final int members;
    private final int keep;
    /** {@code scale * norm(t)^T}, {@code [D, M * C]}, bank-major columns. */
    private final NDArray scaledTextT;

    /**
     * @param textFeatures raw bank class features {@code [M * C, D]}, bank-major; copied
     */
    BankClassifier(VisionLanguageModel model, List<String> classNames, NDManager manager, NDArray textFeatures,
                   int members, int keep) {
        this.model = model;
        this.classNames = List.copyOf(classNames);
        this.members = members;
        this.keep = keep;
        try (NDManager scope = manager.newSubManager()) {
            NDArray text = FeatureMath.scoped(scope, textFeatures).stopGradient();
            NDArray scaled = ScalarOps.mul(FeatureMath.normalize(text).transpose(), model.logitScale()).duplicate();
            scaled.attach(manager);
            this.scaledTextT = scaled;
        }
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public NDArray encodeImages(NDManager manager, NDArray images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray pooled = model.encodeImage(scope, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
            NDArray features = FeatureMath.normalize(pooled);
            features.attach(manager);
            return features;
        }
    }

    @Override
    public NDArray logits(NDManager manager, NDArray imageFeatures) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = FeatureMath.scoped(scope, imageFeatures);
            long batch = features.getShape().get(0);
            NDArray bank = features.matMul(scaledTextT).reshape(batch, members, classNames.size());
            NDArray mask = EntropyRouting.lowestEntropyMask(bank, keep);
            NDArray logits = EntropyRouting.routedMean(bank, mask, keep);
            logits.attach(manager);
            return logits;
        }
    }

    @Override
    public void close() {
        scaledTextT.close();
    }
}
