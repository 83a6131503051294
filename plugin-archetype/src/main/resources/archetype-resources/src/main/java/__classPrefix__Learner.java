package ${package};

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.InPlaceCopy;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot text features of {@code template} and a learnable log-temperature {@code t} (initialised at 0):
 * {@code logits = logit_scale * exp(t) * norm(image) @ norm(text).T}, trained with cross-entropy.
 */
final class ${classPrefix}Learner implements PromptLearner {

    private static final String LOG_TEMPERATURE = "log-temperature";

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final String template;
    private final NDArray logTemperature;
    private final NDArray textFeatures;

    ${classPrefix}Learner(MethodContext context) {
        this.model = context.model();
        this.classNames = context.classNames();
        this.template = context.parameters().getString(${classPrefix}Method.TEMPLATE);
        NDManager manager = context.manager();
        this.logTemperature = manager.zeros(new Shape(1));
        logTemperature.setRequiresGradient(true);
        this.textFeatures = textFeatures(manager, classNames);
    }

    /** Normalised, frozen text features {@code [C, D]} of the template for each class, in {@code manager}. */
    private NDArray textFeatures(NDManager manager, List<String> names) {
        List<String> prompts = names.stream().map(name -> template.replace("{}", name)).toList();
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = FeatureMath.normalize(model.encodeText(scope, model.tokenize(prompts))).stopGradient();
            features.attach(manager);
            return features;
        }
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(LOG_TEMPERATURE, logTemperature);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray images = FeatureMath.normalize(
                model.encodeImage(manager, batch.images(), VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
        NDArray scale = ScalarOps.mul(FeatureMath.scoped(manager, logTemperature).exp(), model.logitScale());
        NDArray logits = FeatureMath.scaledSimilarity(images, textFeatures, 1f).mul(scale);
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        return new LossResult(ce, Map.of("ce", ce), logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        NDManager owned = manager.newSubManager();
        NDArray text = textFeatures(owned, names);
        float scale = (float) (model.logitScale() * Math.exp(logTemperature.getFloat()));
        return new Classifier() {
            @Override
            public List<String> classNames() {
                return List.copyOf(names);
            }

            @Override
            public NDArray encodeImages(NDManager m, NDArray images) {
                return FeatureMath.normalize(
                        model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
            }

            @Override
            public NDArray logits(NDManager m, NDArray imageFeatures) {
                return FeatureMath.scaledSimilarity(imageFeatures, text, scale);
            }

            @Override
            public void close() {
                owned.close();
            }
        };
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        return InPlaceCopy.copiesOf(manager, trainable());
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        InPlaceCopy.copyAll(trainable(), tensors);
    }

    @Override
    public void close() {
        logTemperature.close();
        textFeatures.close();
    }
}
