package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import dev.bioprompt.api.io.Uninterruptibly;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.StandardTags;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs one cell of a sweep against its {@link SweepState}: skips it when it already finished, resumes its tracking
 * run and checkpoint folder when it was interrupted, records how it ended, and writes progress lines. Used by the
 * local runner for every cell and by {@code bioprompt run-cell} inside a Kubernetes pod.
 *
 * <p>The start line carries {@value #TRACKING_RUN_ID_MARKER} followed by the run id; the Kubernetes runner reads it
 * from the pod log.
 */
public final class SweepCellRunner {
    /** The marker that precedes the tracking run id in the start line. */
    public static final String TRACKING_RUN_ID_MARKER = "tracking-run-id: ";
    /** The tag naming the parent run (the MLflow convention for nested runs). */
    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";
    /** The tag naming the sweep. */
    public static final String SWEEP_TAG = "bioprompt.sweep";
    /** The tag naming the cell. */
    public static final String CELL_TAG = "bioprompt.cell";

    private final SweepState state;
    private final String experiment;
    private final Tracker tracker;
    private final String parentRunId;
    private final CellExecutor executor;
    private final Consumer<String> progress;

    /**
     * @param state the sweep's state folder
     * @param experiment the tracking experiment
     * @param tracker the tracking store
     * @param parentRunId the sweep's parent run, empty for none
     * @param executor what runs a cell
     * @param progress where progress lines go
     */
    public SweepCellRunner(SweepState state, String experiment, Tracker tracker, String parentRunId,
                           CellExecutor executor, Consumer<String> progress) {
        this.state = requireNonNull(state, "state is null");
        this.experiment = requireNonNull(experiment, "experiment is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.parentRunId = requireNonNull(parentRunId, "parentRunId is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Runs the cell unless it already finished.
     *
     * @return the recorded result of a finished cell, the new result, or a {@code KILLED} result when cancelled
     *     (not recorded: the cell stays resumable)
     */
    public CellResult run(JobSpec cell, Device device, CancellationFlag cancellation) {
        String cellId = CellIds.of(cell);
        Optional<CellResult> recorded = state.result(cellId);
        if (recorded.isPresent() && recorded.get().status() == RunStatus.FINISHED) {
            progress.accept("[" + cellId + "] already finished " + formatMetrics(recorded.get().metrics()));
            return recorded.get();
        }
        if (cancellation.isCancelled()) {
            return new CellResult(cell, RunStatus.KILLED, state.running(cellId).map(RunningCell::trackingRunId)
                    .orElse(""), Map.of(), "cancelled before it started");
        }
        Optional<RunningCell> previous = state.running(cellId);
        boolean interrupted = recorded.isEmpty() && previous.isPresent();
        TrackedRun run = null;
        if (interrupted) {
            String recordedRun = previous.get().trackingRunId();
            run = recordedRun.isEmpty() ? adoptOrphan(cellId) : resume(cellId, recordedRun);
            killOrphans(cellId, run == null ? "" : run.runId());
        }
        RunningCell started;
        if (run == null) {
            // the claim before the tracking call: a crash between creating the run and recording it leaves a claim
            // without a run id, and the resume adopts the run it finds by its cell tag instead of making another
            state.markRunning(cellId, "");
            Map<String, String> tags = new HashMap<>(StandardTags.builder().runName(cellId)
                    .sourceName("bioprompt " + experiment).build());
            tags.put(SWEEP_TAG, state.sweepId());
            tags.put(CELL_TAG, cellId);
            if (!parentRunId.isEmpty()) {
                tags.put(PARENT_RUN_TAG, parentRunId);
            }
            run = tracker.startRun(new RunRequest(experiment, cellId, parentRunId.isEmpty() ? null : parentRunId,
                    tags));
            started = state.recordTrackingRun(cellId, run.runId());
        } else {
            started = state.markRunning(cellId, run.runId());
        }
        progress.accept("[" + cellId + "] start" + (interrupted ? " (resumed)" : "") + " attempt " + started.attempt()
                + " on " + device + " " + TRACKING_RUN_ID_MARKER + run.runId());
        long t0 = System.nanoTime();
        CellContext ctx = new CellContext(state.sweepId(), cellId, parentRunId, run, state.checkpointDir(cellId),
                device, cancellation, tracker);
        CellResult result;
        try {
            CellResult produced = executor.execute(cell, ctx);
            if (produced == null) {
                throw new IllegalStateException("the cell executor returned no result");
            }
            result = new CellResult(cell, produced.status(), run.runId(), produced.metrics(), produced.message());
        } catch (Exception e) {
            if (isCancellation(e) || cancellation.isCancelled()) {
                finish(run, RunStatus.KILLED);
                progress.accept("[" + cellId + "] cancelled after " + seconds(t0) + " (resumable)");
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return new CellResult(cell, RunStatus.KILLED, run.runId(), Map.of(), "cancelled");
            }
            String message = e.getMessage() == null ? e.getClass().getName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            result = new CellResult(cell, RunStatus.FAILED, run.runId(), Map.of(), message);
        } catch (Error e) {
            finish(run, RunStatus.FAILED);
            throw e;
        }
        if (result.status() == RunStatus.KILLED || result.status() == RunStatus.RUNNING) {
            finish(run, RunStatus.KILLED);
            progress.accept("[" + cellId + "] cancelled after " + seconds(t0) + " (resumable)");
            return new CellResult(cell, RunStatus.KILLED, run.runId(), result.metrics(), result.message());
        }
        finish(run, result.status());
        state.recordResult(cellId, result);
        if (result.status() == RunStatus.FINISHED) {
            progress.accept("[" + cellId + "] finished in " + seconds(t0) + " " + formatMetrics(result.metrics()));
        } else {
            progress.accept("[" + cellId + "] FAILED after " + seconds(t0) + ": " + result.message());
        }
        return result;
    }

    /**
     * Ends a run from a writer thread: the calling worker may have been interrupted to cancel it, and the status must
     * still be written (an interrupted thread's file channels and HTTP calls fail).
     */
    static void finish(TrackedRun run, RunStatus status) {
        Uninterruptibly.run(() -> run.finish(status));
    }

    /** The newest unfinished run of this cell in the tracker (created before a crash could record it), reopened. */
    private TrackedRun adoptOrphan(String cellId) {
        List<RunRecord> orphans = cellRuns(cellId);
        if (orphans.isEmpty()) {
            return null;
        }
        RunRecord newest = orphans.get(orphans.size() - 1);
        progress.accept("[" + cellId + "] adopting tracking run " + newest.runId() + ", created before the "
                + "previous start was interrupted");
        return resume(cellId, newest.runId());
    }

    /** Marks every other unfinished run of this cell KILLED: starts whose record was lost to a crash. */
    private void killOrphans(String cellId, String keep) {
        if (!(tracker instanceof ResumableTracker resumable)) {
            return;
        }
        for (RunRecord orphan : cellRuns(cellId)) {
            if (!orphan.runId().equals(keep)) {
                try {
                    finish(resumable.resumeRun(orphan.runId()), RunStatus.KILLED);
                    progress.accept("[" + cellId + "] marked orphaned tracking run " + orphan.runId() + " KILLED");
                } catch (RuntimeException e) {
                    progress.accept("[" + cellId + "] cannot mark orphaned tracking run " + orphan.runId()
                            + " KILLED: " + e.getMessage());
                }
            }
        }
    }

    /** The RUNNING runs of this cell of this sweep, oldest first. */
    private List<RunRecord> cellRuns(String cellId) {
        try {
            return tracker.listRuns(experiment).stream()
                    .filter(r -> r.status() == RunStatus.RUNNING)
                    .filter(r -> state.sweepId().equals(r.tags().get(SWEEP_TAG))
                            && cellId.equals(r.tags().get(CELL_TAG)))
                    .sorted(Comparator.comparingLong(RunRecord::startTime))
                    .toList();
        } catch (RuntimeException e) {
            progress.accept("[" + cellId + "] cannot list the runs of experiment " + experiment + " to find "
                    + "orphaned runs: " + e.getMessage());
            return List.of();
        }
    }

    private TrackedRun resume(String cellId, String runId) {
        if (tracker instanceof ResumableTracker resumable) {
            try {
                return resumable.resumeRun(runId);
            } catch (IllegalArgumentException e) {
                progress.accept("[" + cellId + "] cannot resume tracking run " + runId + " (" + e.getMessage()
                        + "); starting a new one");
                return null;
            }
        }
        progress.accept("[" + cellId + "] the tracker cannot reopen run " + runId + "; starting a new one");
        return null;
    }

    static boolean isCancellation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    private static String seconds(long t0) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    /** Metrics as {@code name=value} pairs with four significant digits, sorted by name. */
    public static String formatMetrics(Map<String, Double> metrics) {
        return new TreeMap<>(metrics).entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
