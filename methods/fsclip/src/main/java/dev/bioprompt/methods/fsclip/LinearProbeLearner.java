package dev.bioprompt.methods.fsclip;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.FittedLearner;
import dev.bioprompt.api.method.FittingData;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.VisionLanguageModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The linear probe: scikit-learn's L-BFGS logistic regression on normalised frozen features of one augmented view of
 * the support set, with the reference's search of C on the validation set (see {@link CSearch}).
 */
final class LinearProbeLearner implements FittedLearner {

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final CSearch search;
    private double[][] weights;
    private double[] bias;

    LinearProbeLearner(VisionLanguageModel model, List<String> classNames, CSearch search) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.search = requireNonNull(search, "search is null");
    }

    @Override
    public void fit(NDManager manager, FittingData data) {
        FittedTensors.requireValidation(data.validationLabels(), LinearProbeMethod.NAME);
        double[][] support = Dense.normalizeRows(Dense.of(data.supportFeatures(manager, 0)));
        double[][] validation = Dense.normalizeRows(Dense.of(data.validationFeatures(manager)));
        CSearch.Outcome outcome = search.run(support, data.supportLabels(), validation, data.validationLabels(),
                classNames.size());
        weights = outcome.model().weights();
        bias = outcome.model().bias();
        data.logMetric("fit/c", outcome.c(), 0);
        data.logMetric("fit/val_accuracy", outcome.validationAccuracy(), 0);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of();
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        throw new UnsupportedOperationException(LinearProbeMethod.NAME + " is fitted from features, not trained by SGD");
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        int[] rows = LinearClassifiers.rowsOf(classNames, names);
        if (weights == null || rows == null) {
            return LinearClassifiers.zeroShot(model, manager, names, model.logitScale());
        }
        return LinearClassifiers.linear(model, names, LinearClassifiers.pick(weights, rows),
                LinearClassifiers.pick(bias, rows), 1);
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        if (weights == null) {
            throw FittedTensors.notFitted(LinearProbeMethod.NAME);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("probe.weight", Dense.toArray(manager, weights));
        out.put("probe.bias", Dense.toArray(manager, bias));
        return out;
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        double[][] w = FittedTensors.matrix(tensors, "probe.weight", classNames.size(), -1);
        double[] b = FittedTensors.vector(tensors, "probe.bias", classNames.size());
        weights = w;
        bias = b;
    }

    @Override
    public void close() {
    }
}
