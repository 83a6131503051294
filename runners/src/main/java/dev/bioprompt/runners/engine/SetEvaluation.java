package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.data.eval.ConfusionMatrix;
import java.util.List;

/**
 * The predictions and metrics of one evaluated set.
 *
 * @param name the set name
 * @param classNames the class names the classifier scored, in label order
 * @param labels the true labels
 * @param predictions the predicted labels
 * @param metrics accuracy, macro F1 and per-class accuracy
 */
public record SetEvaluation(String name, List<String> classNames, int[] labels, int[] predictions, Metrics metrics) {
    public SetEvaluation {
        requireNonNull(name, "name is null");
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        labels = requireNonNull(labels, "labels is null").clone();
        predictions = requireNonNull(predictions, "predictions is null").clone();
        requireNonNull(metrics, "metrics is null");
    }

    /** The confusion matrix (rows = true class), for reports and plots. */
    public ConfusionMatrix confusionMatrix() {
        return ConfusionMatrix.of(classNames, labels, predictions);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int[] predictions() {
        return predictions.clone();
    }
}
