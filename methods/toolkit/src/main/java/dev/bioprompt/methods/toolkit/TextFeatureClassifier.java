package dev.bioprompt.methods.toolkit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A CLIP classifier over fixed text features: {@code logits = scale * norm(image) @ norm(text).T}. The normalised,
 * scaled and transposed text features are computed once.
 */
public final class TextFeatureClassifier implements Classifier {

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final NDArray scaledTextT;
    private final Function<NDManager, VisualPrompts> visualPrompts;

    /**
     * @param model the backbone
     * @param classNames the classes, in the row order of {@code textFeatures}
     * @param manager owns the cached text features (the caller closes it)
     * @param textFeatures raw (unnormalised) text features {@code [C, D]}; copied
     * @param visualPrompts creates the visual prompts of an image forward in the given manager
     */
    public TextFeatureClassifier(VisionLanguageModel model, List<String> classNames, NDManager manager, NDArray textFeatures,
                          Function<NDManager, VisualPrompts> visualPrompts) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.visualPrompts = requireNonNull(visualPrompts, "visualPrompts is null");
        try (NDManager scope = manager.newSubManager()) {
            NDArray text = FeatureMath.scoped(scope, textFeatures).stopGradient();
            NDArray scaled = ScalarOps.mul(FeatureMath.normalize(text).transpose(), model.logitScale()).duplicate();
            scaled.attach(manager);
            this.scaledTextT = scaled;
        }
    }

    /**
     * The classifier of a learned text context: the class prompts are built in a scope, the context goes in frozen
     * (a copy without gradient), and the prompts are encoded once, without dropout.
     *
     * @param model the backbone
     * @param classNames the classes to classify
     * @param manager owns the cached text features (the caller closes it)
     * @param context the learned context; not changed
     * @param prompts builds the class prompts of a class list in the given manager
     * @param visualPrompts creates the visual prompts of an image forward in the given manager
     */
    public static TextFeatureClassifier ofContext(VisionLanguageModel model, List<String> classNames, NDManager manager,
                                                  NDArray context,
                                                  BiFunction<NDManager, List<String>, ContextPrompts> prompts,
                                                  Function<NDManager, VisualPrompts> visualPrompts) {
        try (NDManager scope = manager.newSubManager(); ContextPrompts built = prompts.apply(scope, classNames)) {
            NDArray frozen = FeatureMath.scoped(scope, context).stopGradient();
            NDArray features = model.encodeText(scope, built.assemble(scope, frozen), false);
            return new TextFeatureClassifier(model, classNames, manager, features, visualPrompts);
        }
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public NDArray encodeImages(NDManager manager, NDArray images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray pooled = model.encodeImage(scope, images, visualPrompts.apply(scope), ImageEncodeOptions.POOLED)
                    .pooled();
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
