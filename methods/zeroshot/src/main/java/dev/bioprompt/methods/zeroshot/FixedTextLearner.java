package dev.bioprompt.methods.zeroshot;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A learner with nothing to learn: each class is the renormalised mean of the normalised features of its texts.
 */
final class FixedTextLearner implements PromptLearner {

    /** Texts are encoded in chunks of this many to bound memory. */
    private static final int CHUNK = 64;

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final Function<List<String>, List<List<String>>> textsOf;

    FixedTextLearner(VisionLanguageModel model, List<String> classNames,
                     Function<List<String>, List<List<String>>> textsOf) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.textsOf = requireNonNull(textsOf, "textsOf is null");
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of();
    }

    /** The cross-entropy of the fixed classifier (nothing receives gradients). */
    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        try (Classifier classifier = classifier(manager, classNames)) {
            NDArray logits = classifier.logits(manager, classifier.encodeImages(manager, batch.images()));
            NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
            Map<String, NDArray> terms = new LinkedHashMap<>();
            terms.put("ce", ce);
            return new LossResult(ce, terms, logits);
        }
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        List<List<String>> texts = textsOf.apply(names);
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = classFeatures(model, scope, texts);
            return new TextFeatureClassifier(model, names, manager, features, m -> VisualPrompts.none());
        }
    }

    /** Per class, {@code norm(mean_i norm(encode(text_i)))}; {@code [C, D]} in {@code manager}. */
    static NDArray classFeatures(VisionLanguageModel model, NDManager manager, List<List<String>> texts) {
        List<String> flat = new ArrayList<>();
        texts.forEach(flat::addAll);
        NDList chunks = new NDList();
        for (int start = 0; start < flat.size(); start += CHUNK) {
            List<String> chunk = flat.subList(start, Math.min(flat.size(), start + CHUNK));
            chunks.add(FeatureMath.normalize(model.encodeText(manager, model.tokenize(chunk))));
        }
        NDArray all = chunks.size() == 1 ? chunks.head() : NDArrays.concat(chunks, 0);
        NDList perClass = new NDList();
        int offset = 0;
        for (List<String> classTexts : texts) {
            perClass.add(all.get("{}:{}", offset, offset + classTexts.size()).mean(new int[] {0}));
            offset += classTexts.size();
        }
        return FeatureMath.normalize(NDArrays.stack(perClass, 0));
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        return Map.of();
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        if (!tensors.isEmpty()) {
            throw new IllegalArgumentException("a zero-shot method has no prompt tensors, got " + new TreeSet<>(tensors.keySet()));
        }
    }

    @Override
    public void close() {
    }
}
