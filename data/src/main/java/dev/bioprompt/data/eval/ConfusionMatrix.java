package dev.bioprompt.data.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Counts of (true class, predicted class) pairs, rows = truth, columns = prediction, with the metrics derived from
 * them. Accuracy is micro (over images), as the reference reports it; macro F1 follows Dassl (scikit-learn
 * {@code f1_score(average="macro", labels=unique(y_true))}, a class with no predictions scores 0).
 */
public final class ConfusionMatrix {

    private final List<String> classNames;
    private final long[][] counts;

    private ConfusionMatrix(List<String> classNames, long[][] counts) {
        this.classNames = List.copyOf(classNames);
        this.counts = counts;
    }

    /**
     * Builds the matrix from parallel label arrays.
     *
     * @throws IllegalArgumentException when lengths differ or a label is out of range
     */
    public static ConfusionMatrix of(List<String> classNames, int[] truth, int[] predicted) {
        requireNonNull(classNames, "classNames is null");
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " labels but predicted has "
                    + predicted.length);
        }
        int n = classNames.size();
        long[][] counts = new long[n][n];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= n || predicted[i] < 0 || predicted[i] >= n) {
                throw new IllegalArgumentException("pair " + i + " (" + truth[i] + ", " + predicted[i]
                        + ") is outside 0.." + (n - 1));
            }
            counts[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    /** Class names in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int size() {
        return classNames.size();
    }

    /** The count of images of class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** A copy of the counts, rows = truth. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of images. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    /** Top-1 accuracy in [0, 1] over all images (0 for an empty matrix). */
    public double accuracy() {
        long total = total();
        if (total == 0) {
            return 0;
        }
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return (double) correct / total;
    }

    /** Per-class accuracy (recall) in [0, 1]; {@code NaN} for a class without images. */
    public double[] perClassAccuracy() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            long row = 0;
            for (long c : counts[i]) {
                row += c;
            }
            out[i] = row == 0 ? Double.NaN : (double) counts[i][i] / row;
        }
        return out;
    }

    /** Per-class F1 in [0, 1] (0 where precision and recall are both undefined or zero). */
    public double[] f1() {
        double[] out = new double[size()];
        for (int k = 0; k < out.length; k++) {
            long tp = counts[k][k];
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < out.length; j++) {
                actual += counts[k][j];
                predicted += counts[j][k];
            }
            long denominator = actual + predicted;
            out[k] = denominator == 0 ? 0 : 2.0 * tp / denominator;
        }
        return out;
    }

    /** Macro F1 in [0, 1] over the classes that occur in the truth. */
    public double macroF1() {
        double[] f1 = f1();
        double sum = 0;
        int present = 0;
        for (int k = 0; k < f1.length; k++) {
            long actual = 0;
            for (long c : counts[k]) {
                actual += c;
            }
            if (actual > 0) {
                sum += f1[k];
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }
}
