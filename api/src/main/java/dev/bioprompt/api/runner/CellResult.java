package dev.bioprompt.api.runner;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunStatus;
import java.util.Map;

/**
 * What one finished (or failed) cell produced.
 *
 * @param cell the cell
 * @param status how it ended
 * @param trackingRunId its tracking run
 * @param metrics final metrics ({@code accuracy}, {@code base_accuracy}, {@code novel_accuracy}, {@code hm}...)
 * @param message a failure reason, empty on success
 */
public record CellResult(JobSpec cell, RunStatus status, String trackingRunId, Map<String, Double> metrics,
                         String message) {
    public CellResult {
        requireNonNull(cell, "cell is null");
        requireNonNull(status, "status is null");
        requireNonNull(trackingRunId, "trackingRunId is null");
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        requireNonNull(message, "message is null");
    }
}
