package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.data.eval.ConfusionMatrix;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics of one evaluated set, in percent as the reference reports them.
 *
 * @param accuracy top-1 accuracy over all images (micro)
 * @param macroF1 F1 averaged over the classes present in the labels (Dassl's {@code f1_score(average="macro",
 *     labels=unique(y_true))})
 * @param perClassAccuracy accuracy of every class with at least one image, by class name
 * @param count number of images
 */
public record Metrics(double accuracy, double macroF1, Map<String, Double> perClassAccuracy, int count) {

    public Metrics {
        perClassAccuracy = Collections.unmodifiableMap(
                new LinkedHashMap<>(requireNonNull(perClassAccuracy, "perClassAccuracy is null")));
    }

    /**
     * Computes the metrics.
     *
     * @param classNames class names in label order
     * @param labels true labels
     * @param predictions predicted labels, one per true label
     */
    public static Metrics of(List<String> classNames, int[] labels, int[] predictions) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("cannot compute metrics of an empty set");
        }
        return of(ConfusionMatrix.of(classNames, labels, predictions));
    }

    /** The metrics of a confusion matrix (classes without images have no per-class accuracy). */
    public static Metrics of(ConfusionMatrix matrix) {
        double[] perClass = matrix.perClassAccuracy();
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int k = 0; k < perClass.length; k++) {
            if (!Double.isNaN(perClass[k])) {
                byName.put(matrix.classNames().get(k), 100.0 * perClass[k]);
            }
        }
        return new Metrics(100.0 * matrix.accuracy(), 100.0 * matrix.macroF1(), byName,
                Math.toIntExact(matrix.total()));
    }

    /** Harmonic mean of two accuracies ({@code 2ab / (a + b)}, 0 when both are 0). */
    public static double harmonicMean(double a, double b) {
        // CHECKSTYLE: qualified (this class has the same simple name)
        return dev.bioprompt.data.eval.Metrics.harmonicMean(a, b);
    }
}
