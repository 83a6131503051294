package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

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
        perClassAccuracy = java.util.Collections.unmodifiableMap(
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
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("cannot compute metrics of an empty set");
        }
        int c = classNames.size();
        long[] support = new long[c];
        long[] truePositive = new long[c];
        long[] predicted = new long[c];
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            int p = predictions[i];
            if (y < 0 || y >= c || p < 0 || p >= c) {
                throw new IllegalArgumentException("label " + y + " or prediction " + p + " out of range for " + c
                        + " classes");
            }
            support[y]++;
            predicted[p]++;
            if (y == p) {
                truePositive[y]++;
                correct++;
            }
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            if (support[k] == 0) {
                continue;
            }
            present++;
            perClass.put(classNames.get(k), 100.0 * truePositive[k] / support[k]);
            long denominator = 2 * truePositive[k] + (predicted[k] - truePositive[k]) + (support[k] - truePositive[k]);
            f1Sum += denominator == 0 ? 0 : 2.0 * truePositive[k] / denominator;
        }
        return new Metrics(100.0 * correct / labels.length, 100.0 * f1Sum / present, perClass, labels.length);
    }

    /** Harmonic mean of two accuracies ({@code 2ab / (a + b)}, 0 when both are 0). */
    public static double harmonicMean(double a, double b) {
        return a + b == 0 ? 0 : 2 * a * b / (a + b);
    }
}
