package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import java.nio.file.Path;

/**
 * Where and how a cell runs.
 *
 * @param sweepId the sweep
 * @param cellId the cell's id inside the sweep ({@link CellIds#of})
 * @param parentRunId the sweep's parent tracking run (empty when the sweep has none)
 * @param run the cell's own tracking run (a resumed run when the cell was interrupted before)
 * @param checkpointDir the cell's checkpoint folder; it survives restarts, so a resumed cell finds its checkpoints
 * @param device the device to run on
 * @param cancellation set when the cell must stop
 * @param tracker the tracking store (for lookups; log through {@code run})
 */
public record CellContext(String sweepId, String cellId, String parentRunId, TrackedRun run, Path checkpointDir,
                          Device device, CancellationFlag cancellation, Tracker tracker) {
    public CellContext {
        requireNonNull(sweepId, "sweepId is null");
        requireNonNull(cellId, "cellId is null");
        requireNonNull(parentRunId, "parentRunId is null");
        requireNonNull(run, "run is null");
        requireNonNull(checkpointDir, "checkpointDir is null");
        requireNonNull(device, "device is null");
        requireNonNull(cancellation, "cancellation is null");
        requireNonNull(tracker, "tracker is null");
    }

    /** Whether the cell must stop. */
    public boolean isCancelled() {
        return cancellation.isCancelled() || Thread.currentThread().isInterrupted();
    }
}
