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
import dev.bioprompt.api.nd.ScalarOps;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tip-Adapter and Tip-Adapter-F. The cache keys are the normalised mean of the unnormalised support features over
 * {@code augment-epochs} augmented passes, the values the one-hot labels. Tip-Adapter-F fine-tunes the keys
 * ({@link TipFineTuning}); both then grid-search (beta, alpha) on the validation set ({@link TipCache}).
 *
 * <p>A classifier for other class names keeps the cache entries of the training classes it names (by name) and has
 * only the zero-shot term for the others; for a disjoint class list (a cross-dataset target) it is zero-shot, as the
 * one-hot values say nothing about new classes.
 */
final class TipAdapterLearner implements FittedLearner {

    /** How Tip-Adapter-F fine-tunes. */
    enum FineTuning {
        /** Training-free Tip-Adapter. */
        NONE,
        /** The released code: warm-started phases on shared storage; the weights after the last phase. */
        RELEASED,
        /** The paper: every phase from a fresh copy of the keys; the best validation epoch. */
        PAPER
    }

    /**
     * The settings.
     *
     * @param scale the zero-shot logit scale (85.2323 in the reference)
     * @param augmentEpochs augmented passes averaged into the keys (1)
     * @param searchScaleBeta the upper end of the beta grid (50)
     * @param searchScaleAlpha the upper end of the alpha grid (50)
     * @param searchSteps grid points per axis (200)
     * @param fineTuning none, released or paper
     * @param rounds the initial alphas 0..rounds-1 of the fine-tuning phases (10)
     * @param training the AdamW phase settings
     * @param freshFeaturesPerEpoch whether every fine-tuning epoch encodes a fresh augmented pass (the reference) or
     *     reuses the cache pass
     */
    record Settings(double scale, int augmentEpochs, double searchScaleBeta, double searchScaleAlpha, int searchSteps,
                    FineTuning fineTuning, int rounds, TipFineTuning training, boolean freshFeaturesPerEpoch) {
    }

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final Settings settings;
    private final String method;
    private double[][] keys;
    private int[] cacheLabels;
    private double beta;
    private double alpha;

    TipAdapterLearner(VisionLanguageModel model, List<String> classNames, Settings settings, String method) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.settings = requireNonNull(settings, "settings is null");
        this.method = requireNonNull(method, "method is null");
    }

    double scale() {
        return settings.scale() > 0 ? settings.scale() : model.logitScale();
    }

    @Override
    public void fit(NDManager manager, FittingData data) {
        FittedTensors.requireValidation(data.validationLabels(), method);
        int[] labels = data.supportLabels();
        double[][] sum = null;
        for (int pass = 0; pass < settings.augmentEpochs(); pass++) {
            double[][] f = Dense.of(data.supportFeatures(manager, pass));
            if (sum == null) {
                sum = f;
            } else {
                for (int n = 0; n < f.length; n++) {
                    for (int j = 0; j < f[n].length; j++) {
                        sum[n][j] += f[n][j];
                    }
                }
            }
        }
        double[][] cacheKeys = Dense.normalizeRows(sum);
        double[][] text = TemplateText.features(model, manager, classNames);
        double[][] validation = Dense.normalizeRows(Dense.of(data.validationFeatures(manager)));
        int[] validationLabels = data.validationLabels();
        double[][] zeroShot = scaled(Dense.timesTransposed(validation, text), scale());
        double[][] adapter = switch (settings.fineTuning()) {
            case NONE -> cacheKeys;
            case RELEASED, PAPER -> fineTune(manager, data, cacheKeys, labels, text, validation, validationLabels,
                    zeroShot);
        };
        TipCache.Choice choice = TipCache.search(zeroShot, Dense.timesTransposed(validation, adapter), labels,
                validationLabels, TipCache.grid(settings.searchScaleBeta(), settings.searchSteps()),
                TipCache.grid(settings.searchScaleAlpha(), settings.searchSteps()));
        keys = adapter;
        cacheLabels = labels;
        beta = choice.beta();
        alpha = choice.alpha();
        data.logMetric("fit/beta", beta, 0);
        data.logMetric("fit/alpha", alpha, 0);
        data.logMetric("fit/val_accuracy", choice.accuracy(), 0);
    }

    private double[][] fineTune(NDManager manager, FittingData data, double[][] cacheKeys, int[] labels,
                                double[][] text, double[][] validation, int[] validationLabels, double[][] zeroShot) {
        TipFineTuning training = settings.training();
        Map<Integer, double[][]> passes = new HashMap<>();
        double[][] w = Dense.copy(cacheKeys);
        double[][] best = null;
        double bestAccuracy = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            int firstPass = settings.augmentEpochs() + round * training.epochs();
            double initAlpha = round;
            if (settings.fineTuning() == FineTuning.PAPER) {
                w = Dense.copy(cacheKeys);
            }
            double[][] phaseWeights = w;
            double[] bestOfPhase = {bestAccuracy};
            double[][][] bestHolder = {best};
            training.phase(phaseWeights, epoch -> passes.computeIfAbsent(
                    settings.freshFeaturesPerEpoch() ? firstPass + epoch : 0,
                    p -> Dense.normalizeRows(Dense.of(data.supportFeatures(manager, p)))),
                    labels, text, labels, initAlpha, epoch -> {
                        if (settings.fineTuning() == FineTuning.PAPER) {
                            double accuracy = validationAccuracy(zeroShot, validation, phaseWeights, labels,
                                    validationLabels, initAlpha);
                            if (accuracy > bestOfPhase[0]) {
                                bestOfPhase[0] = accuracy;
                                bestHolder[0] = Dense.copy(phaseWeights);
                            }
                        }
                    });
            if (settings.freshFeaturesPerEpoch()) {
                passes.clear();
            }
            bestAccuracy = bestOfPhase[0];
            best = bestHolder[0];
            double roundAccuracy = validationAccuracy(zeroShot, validation, w, labels, validationLabels, initAlpha);
            data.logMetric("fit/round_val_accuracy", roundAccuracy, round);
        }
        if (settings.fineTuning() == FineTuning.PAPER) {
            return best == null ? cacheKeys : best;
        }
        return w;
    }

    private static double validationAccuracy(double[][] zeroShot, double[][] validation, double[][] w,
                                             int[] cacheLabels, int[] validationLabels, double alpha) {
        double[][] cache = TipCache.cacheLogits(Dense.timesTransposed(validation, w), cacheLabels,
                zeroShot[0].length, 1.0);
        return Dense.accuracy(TipCache.combine(zeroShot, cache, alpha), validationLabels);
    }

    private static double[][] scaled(double[][] x, double s) {
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
        return x;
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of();
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        throw new UnsupportedOperationException(method + " is fitted from features, not trained by SGD");
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        double[][] text = TemplateText.features(model, manager, names);
        double s = scale();
        if (keys == null) {
            return LinearClassifiers.linear(model, names, text, new double[names.size()], s);
        }
        // cache values over the requested classes, matched by name (zero columns for classes not in the cache)
        double[][] values = new double[cacheLabels.length][names.size()];
        for (int n = 0; n < cacheLabels.length; n++) {
            int column = names.indexOf(classNames.get(cacheLabels[n]));
            if (column >= 0) {
                values[n][column] = 1;
            }
        }
        double[][] k = Dense.copy(keys);
        double b = beta;
        double a = alpha;
        return new FrozenFeatureClassifier(model, names) {
            @Override
            NDArray scores(NDManager scope, NDArray features) {
                NDArray zeroShot = ScalarOps.mul(features.matMul(Dense.toArray(scope, text).transpose()), s);
                NDArray affinity = features.matMul(Dense.toArray(scope, k).transpose());
                NDArray cache = ScalarOps.mul(ScalarOps.sub(affinity, 1.0), b).exp()
                        .matMul(Dense.toArray(scope, values));
                return zeroShot.add(ScalarOps.mul(cache, a));
            }
        };
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        if (keys == null) {
            throw FittedTensors.notFitted(method);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("cache.keys", Dense.toArray(manager, keys));
        out.put("cache.values", Dense.toArray(manager, Dense.oneHot(cacheLabels, classNames.size())));
        out.put("cache.beta", Dense.toArray(manager, new double[] {beta}));
        out.put("cache.alpha", Dense.toArray(manager, new double[] {alpha}));
        return out;
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        NDArray valuesArray = tensors.get("cache.values");
        if (valuesArray == null) {
            throw new IllegalArgumentException("missing tensor 'cache.values'");
        }
        int n = Math.toIntExact(valuesArray.getShape().get(0));
        double[][] values = FittedTensors.matrix(tensors, "cache.values", n, classNames.size());
        double[][] k = FittedTensors.matrix(tensors, "cache.keys", n, -1);
        double b = FittedTensors.vector(tensors, "cache.beta", 1)[0];
        double a = FittedTensors.vector(tensors, "cache.alpha", 1)[0];
        keys = k;
        cacheLabels = Dense.argmax(values);
        beta = b;
        alpha = a;
    }

    @Override
    public void close() {
    }
}
