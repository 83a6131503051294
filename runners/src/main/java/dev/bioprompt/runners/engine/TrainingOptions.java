package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.TrackedRun;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Optional parts of a training run.
 *
 * @param checkpointDir where per-epoch checkpoints go and where a run resumes from; empty for no checkpoints
 * @param run the tracked run that receives per-epoch metrics (step = epoch); empty for none
 * @param listener hears about every finished epoch
 * @param progress show a progress bar (or log lines without a console)
 */
public record TrainingOptions(Optional<Path> checkpointDir, Optional<TrackedRun> run, EpochListener listener,
                              boolean progress) {

    public TrainingOptions {
        requireNonNull(checkpointDir, "checkpointDir is null");
        requireNonNull(run, "run is null");
        requireNonNull(listener, "listener is null");
    }

    /** No checkpoints, no tracking, no listener, no progress output. */
    public static TrainingOptions none() {
        return new TrainingOptions(Optional.empty(), Optional.empty(), EpochListener.NONE, false);
    }

    /** A copy that checkpoints into (and resumes from) {@code dir}. */
    public TrainingOptions withCheckpoints(Path dir) {
        return new TrainingOptions(Optional.of(dir), run, listener, progress);
    }

    /** A copy that logs per-epoch metrics to {@code trackedRun}. */
    public TrainingOptions withRun(TrackedRun trackedRun) {
        return new TrainingOptions(checkpointDir, Optional.of(trackedRun), listener, progress);
    }

    /** A copy with another epoch listener. */
    public TrainingOptions withListener(EpochListener epochListener) {
        return new TrainingOptions(checkpointDir, run, epochListener, progress);
    }

    /** A copy that shows (or hides) progress. */
    public TrainingOptions withProgress(boolean show) {
        return new TrainingOptions(checkpointDir, run, listener, show);
    }
}
