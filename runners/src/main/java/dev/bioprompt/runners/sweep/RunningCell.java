package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

/**
 * The record of a cell that started: written when it starts, kept when it is interrupted.
 *
 * @param cellId the cell
 * @param trackingRunId its tracking run (reused when the cell resumes)
 * @param attempt how many times the cell has started (1 for the first start)
 * @param startedAt epoch milliseconds of the latest start
 */
public record RunningCell(String cellId, String trackingRunId, int attempt, long startedAt) {
    public RunningCell {
        requireNonNull(cellId, "cellId is null");
        requireNonNull(trackingRunId, "trackingRunId is null");
    }
}
