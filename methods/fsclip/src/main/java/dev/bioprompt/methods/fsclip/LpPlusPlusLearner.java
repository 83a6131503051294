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

/** LP++ ({@link LpPlusPlusFit}) on one augmented view of the support set; the text term uses the harness template. */
final class LpPlusPlusLearner implements FittedLearner {

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final LpPlusPlusFit settings;
    private double[][] weights;
    private double[] bias;
    private double[] alpha;

    LpPlusPlusLearner(VisionLanguageModel model, List<String> classNames, LpPlusPlusFit settings) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public void fit(NDManager manager, FittingData data) {
        FittedTensors.requireValidation(data.validationLabels(), LpPlusPlusMethod.NAME);
        double[][] support = Dense.normalizeRows(Dense.of(data.supportFeatures(manager, 0)));
        double[][] validation = Dense.normalizeRows(Dense.of(data.validationFeatures(manager)));
        double[][] text = TemplateText.features(model, manager, classNames);
        LpPlusPlusFit.Result r = settings.fit(support, data.supportLabels(), text, validation,
                data.validationLabels(), data.seed());
        weights = r.weights();
        bias = r.bias();
        alpha = r.alpha();
        data.logMetric("fit/val_accuracy", r.validationAccuracy(), 0);
        data.logMetric("fit/best_epoch", r.bestEpoch(), 0);
        data.logMetric("fit/lr_w", r.learningRateW(), 0);
        data.logMetric("fit/lr_alpha", r.learningRateAlpha(), 0);
        data.logMetric("fit/alpha_init", r.initialAlpha(), 0);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of();
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        throw new UnsupportedOperationException(LpPlusPlusMethod.NAME + " is fitted from features, not trained by SGD");
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        int[] rows = LinearClassifiers.rowsOf(classNames, names);
        if (weights == null || rows == null) {
            return LinearClassifiers.zeroShot(model, manager, names, model.logitScale());
        }
        double[][] w = LinearClassifiers.pick(weights, rows);
        double[] b = LinearClassifiers.pick(bias, rows);
        double[] a = LinearClassifiers.pick(alpha, rows);
        double[][] text = TemplateText.features(model, manager, names);
        return new FrozenFeatureClassifier(model, names) {
            @Override
            NDArray scores(NDManager scope, NDArray features) {
                NDArray linear = features.matMul(Dense.toArray(scope, w).transpose()).add(Dense.toArray(scope, b));
                NDArray textTerm = features.matMul(Dense.toArray(scope, text).transpose())
                        .mul(Dense.toArray(scope, a));
                return linear.add(textTerm);
            }
        };
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        if (weights == null) {
            throw FittedTensors.notFitted(LpPlusPlusMethod.NAME);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("probe.weight", Dense.toArray(manager, weights));
        out.put("probe.bias", Dense.toArray(manager, bias));
        out.put("probe.alpha", Dense.toArray(manager, alpha));
        return out;
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        int c = classNames.size();
        double[][] w = FittedTensors.matrix(tensors, "probe.weight", c, -1);
        double[] b = FittedTensors.vector(tensors, "probe.bias", c);
        double[] a = FittedTensors.vector(tensors, "probe.alpha", c);
        weights = w;
        bias = b;
        alpha = a;
    }

    @Override
    public void close() {
    }
}
