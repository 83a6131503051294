package dev.bioprompt.runners.cell;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs a cell's final metrics (step 0) once across resumes: a marker in the cell's checkpoint folder records that
 * they were logged by this run, and a resumed cell (killed during its final evaluation or artifact writing) passes its final
 * metrics through this run, which then drops them instead of logging them a second time at the same step.
 * Per-epoch metrics (step 1 and up) are never dropped: a resume continues after its last checkpointed epoch.
 */
final class FinalMetricsOnce implements TrackedRun {

    static final String MARKER = "final-metrics-logged";

    private final TrackedRun delegate;
    private final boolean alreadyLogged;

    private FinalMetricsOnce(TrackedRun delegate, boolean alreadyLogged) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.alreadyLogged = alreadyLogged;
    }

    /** The run to log through, given the cell's checkpoint folder. */
    static FinalMetricsOnce of(TrackedRun run, Path checkpointDir) {
        Path marker = checkpointDir.resolve(MARKER);
        try {
            // the marker names the run: a new run of the same cell (after a failure) logs its own final metrics
            return new FinalMetricsOnce(run, Files.exists(marker) && Files.readString(marker).trim()
                    .equals(run.runId()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker + ": " + e, e);
        }
    }

    /** Records that the final metrics of a run are logged. */
    static void markLogged(Path checkpointDir, String runId) {
        try {
            Files.writeString(checkpointDir.resolve(MARKER), runId + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + checkpointDir.resolve(MARKER) + ": " + e, e);
        }
    }

    @Override
    public String runId() {
        return delegate.runId();
    }

    @Override
    public void logParams(Map<String, String> params) {
        delegate.logParams(params);
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        if (step == 0 && alreadyLogged) {
            return;
        }
        delegate.logMetrics(metrics, step);
    }

    @Override
    public void setTags(Map<String, String> tags) {
        delegate.setTags(tags);
    }

    @Override
    public void logArtifact(Path file, String artifactPath) {
        delegate.logArtifact(file, artifactPath);
    }

    @Override
    public void finish(RunStatus status) {
        delegate.finish(status);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
