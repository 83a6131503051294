package dev.bioprompt.methods.ogkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.List;

/** OGKD inference: {@code scale * norm(image) @ norm(text).T} on the global token; text features computed once. */
final class GlobalClassifier implements Classifier {

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final NDArray scaledTextT;

    /** @param textFeatures raw class features {@code [C, D]}; copied */
    GlobalClassifier(VisionLanguageModel model, List<String> classNames, NDManager manager, NDArray textFeatures) {
        this.model = model;
        this.classNames = List.copyOf(classNames);
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
        NDArray logits = imageFeatures.matMul(scaledTextT);
        logits.attach(manager);
        return logits;
    }

    @Override
    public void close() {
        scaledTextT.close();
    }
}
