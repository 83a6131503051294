package dev.bioprompt.methods.fsclip;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.List;

/**
 * A classifier on the frozen backbone's L2-normalised image features (no visual prompts), the feature every method of
 * the few-shot CLIP harness scores; subclasses turn features into logits. Its arrays live in the manager it was
 * created with and are released with it.
 */
abstract class FrozenFeatureClassifier implements Classifier {

    private final VisionLanguageModel model;
    private final List<String> classNames;

    FrozenFeatureClassifier(VisionLanguageModel model, List<String> classNames) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final NDArray encodeImages(NDManager manager, NDArray images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray pooled = model.encodeImage(scope, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                    .pooled();
            NDArray features = FeatureMath.normalize(pooled);
            features.attach(manager);
            return features;
        }
    }

    @Override
    public final NDArray logits(NDManager manager, NDArray imageFeatures) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = scores(scope, imageFeatures);
            logits.attach(manager);
            return logits;
        }
    }

    /** Logits {@code [B, C]} of normalised features {@code [B, D]}; everything created lands in {@code scope}. */
    abstract NDArray scores(NDManager scope, NDArray features);

    @Override
    public void close() {
    }
}
