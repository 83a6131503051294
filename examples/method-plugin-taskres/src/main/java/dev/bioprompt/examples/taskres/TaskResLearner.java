package dev.bioprompt.examples.taskres;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.List;
import java.util.Map;

/**
 * The Task Residual learner. {@code base} holds the normalised zero-shot text features {@code [C, D]} of the training
 * classes (frozen); {@code residual} ({@code [C, D]}, zeros at the start) is the only trainable tensor. The
 * classifier weights are {@code w = base + alpha * residual}, and
 * {@code logits = logit_scale * norm(image) @ norm(w).T}, trained with cross-entropy. A class the learner was not
 * trained on keeps its zero-shot features.
 */
final class TaskResLearner implements PromptLearner {

    private static final String RESIDUAL = "residual";

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final String template;
    private final double alpha;
    private final NDArray base;
    private final NDArray residual;

    TaskResLearner(MethodContext context) {
        this.model = context.model();
        this.classNames = context.classNames();
        this.template = context.parameters().getString(TaskResMethod.TEMPLATE);
        this.alpha = context.parameters().getDouble(TaskResMethod.ALPHA);
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("method.taskres.template must contain {} for the class name, got '"
                    + template + "'");
        }
        NDManager manager = context.manager();
        this.base = baseFeatures(manager, classNames);
        this.residual = manager.zeros(base.getShape(), base.getDataType());
        residual.setRequiresGradient(true);
    }

    /** Normalised zero-shot text features {@code [C, D]} of the template for each class, in {@code manager}. */
    private NDArray baseFeatures(NDManager manager, List<String> names) {
        List<String> prompts = names.stream().map(name -> template.replace("{}", name)).toList();
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = FeatureMath.normalize(model.encodeText(scope, model.tokenize(prompts))).stopGradient();
            features.attach(manager);
            return features;
        }
    }

    /** {@code base + alpha * residual} in {@code manager} (gradients flow to the residual). */
    private NDArray weights(NDManager manager) {
        return ScalarOps.mul(FeatureMath.scoped(manager, residual), alpha).add(base);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(RESIDUAL, residual);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray images = FeatureMath.normalize(model.encodeImage(manager, batch.images(), VisualPrompts.none(),
                ImageEncodeOptions.POOLED).pooled());
        NDArray logits = FeatureMath.scaledSimilarity(images, FeatureMath.normalize(weights(manager)),
                model.logitScale());
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        return new LossResult(ce, Map.of("ce", ce), logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray trained = weights(scope).stopGradient();
            NDArray zeroShot = baseFeatures(scope, names);
            NDArray[] rows = new NDArray[names.size()];
            for (int i = 0; i < names.size(); i++) {
                int known = classNames.indexOf(names.get(i));
                rows[i] = known >= 0 ? trained.get(known) : zeroShot.get(i);
            }
            NDArray features = NDArrays.stack(new NDList(rows));
            return new TextFeatureClassifier(model, names, manager, features, m -> VisualPrompts.none());
        }
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
        base.close();
        residual.close();
    }
}
