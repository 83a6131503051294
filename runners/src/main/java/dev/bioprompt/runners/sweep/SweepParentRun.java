package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.io.Uninterruptibly;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.runners.report.SweepReport;
import dev.bioprompt.tracking.StandardTags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The parent tracking run of a sweep, the same for every runner: opened once per sweep (reopened when the sweep
 * resumes), ended once with the status that {@link SweepOutcome} gives, and carrying the results table as
 * {@code summary/results.json} and {@code summary/results.csv} when every cell finished.
 *
 * <p>A new parent run is named after the sweep id and tagged with the {@linkplain StandardTags standard tags}
 * (user, source type and name, BioPrompt version, git commit), {@value SweepCellRunner#SWEEP_TAG} and
 * {@value #RUNNER_TAG}. Safe to end from another thread (a JVM shutdown hook): the first end wins, and a second
 * waits until the first is written.
 */
public final class SweepParentRun {
    /** The tag naming the runner that ran the sweep ({@code local}, {@code kubernetes}). */
    public static final String RUNNER_TAG = "bioprompt.runner";
    /** The artifact folder of the parent run that holds the results table. */
    public static final String SUMMARY_ARTIFACTS = "summary";

    private final TrackedRun run;
    private final String runId;
    private final String sweepId;
    private final Consumer<String> progress;
    private boolean ended;

    private SweepParentRun(TrackedRun run, String runId, String sweepId, Consumer<String> progress) {
        this.run = run;
        this.runId = runId;
        this.sweepId = sweepId;
        this.progress = progress;
    }

    /**
     * Opens the sweep's parent run: the one recorded in the sweep state, else {@code adoptable} (a run id found
     * elsewhere, such as on the sweep's Kubernetes Jobs), reopened when the tracker can; else a new run, recorded in
     * the sweep state.
     *
     * @param tracker the tracking store, or null for none (then only a recorded run id is known, nothing is written)
     * @param sweep the sweep
     * @param runnerName the runner's name, for {@value #RUNNER_TAG}
     * @param state the sweep's state folder, or null when the runner has none
     * @param adoptable a parent run id recorded outside the sweep state, if any
     * @param progress where progress lines go
     */
    public static SweepParentRun open(Tracker tracker, SweepSpec sweep, String runnerName, SweepState state,
                                      Optional<String> adoptable, Consumer<String> progress) {
        requireNonNull(sweep, "sweep is null");
        requireNonNull(runnerName, "runnerName is null");
        requireNonNull(adoptable, "adoptable is null");
        requireNonNull(progress, "progress is null");
        String recorded = state == null ? null : state.parentRunId().orElse(null);
        if (recorded == null) {
            recorded = adoptable.orElse(null);
        }
        if (tracker == null) {
            return new SweepParentRun(null, recorded, sweep.sweepId(), progress);
        }
        if (recorded != null) {
            if (!(tracker instanceof ResumableTracker resumable)) {
                return new SweepParentRun(null, recorded, sweep.sweepId(), progress);
            }
            try {
                return new SweepParentRun(resumable.resumeRun(recorded), recorded, sweep.sweepId(), progress);
            } catch (IllegalArgumentException e) {
                progress.accept("sweep " + sweep.sweepId() + ": cannot reopen parent run " + recorded + " ("
                        + e.getMessage() + "); starting a new one");
            }
        }
        TrackedRun run = tracker.startRun(new RunRequest(sweep.experiment(), sweep.sweepId(), null,
                tags(sweep, runnerName)));
        if (state != null) {
            state.recordParentRun(run.runId());
        }
        return new SweepParentRun(run, run.runId(), sweep.sweepId(), progress);
    }

    /** The tags of a new parent run. */
    public static Map<String, String> tags(SweepSpec sweep, String runnerName) {
        return StandardTags.builder().runName(sweep.sweepId()).sourceName("bioprompt " + sweep.experiment())
                .tag(SweepCellRunner.SWEEP_TAG, sweep.sweepId()).tag(RUNNER_TAG, runnerName).build();
    }

    /** The parent run's id, when there is one (a new, reopened or recorded run). */
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    /**
     * Ends the sweep from its cells' results: attaches the results table (written into {@code resultsDir}) when every
     * cell finished, ends the run with {@link SweepOutcome#status()} and prints the closing line. Nothing here fails
     * the sweep: a results table that cannot be attached is reported as a progress line.
     *
     * @param results the cells' results, in sweep order
     * @param resultsDir the sweep's folder for {@code results.json} and {@code results.csv}, or null for none (then
     *     no table is attached)
     * @return the outcome
     */
    public synchronized SweepOutcome finish(List<CellResult> results, Path resultsDir) {
        SweepOutcome outcome = SweepOutcome.of(results);
        if (outcome.allFinished() && resultsDir != null && run != null && !ended) {
            attachResultsTable(results, resultsDir);
        }
        finish(outcome.status());
        progress.accept(outcome.summary(sweepId));
        return outcome;
    }

    /**
     * Ends the run once with a status, on a writer thread (the calling thread may be interrupted: the status must
     * still be written). Synchronized: a JVM shutdown hook arriving second waits until the first end is written,
     * since the JVM halts as soon as the hook returns.
     */
    public synchronized void finish(RunStatus status) {
        requireNonNull(status, "status is null");
        if (run != null && !ended) {
            ended = true;
            Uninterruptibly.run(() -> run.finish(status));
        }
    }

    private void attachResultsTable(List<CellResult> results, Path resultsDir) {
        try {
            Uninterruptibly.call(() -> {
                new SweepReport(results).write(resultsDir);
                run.logArtifact(resultsDir.resolve("results.json"), SUMMARY_ARTIFACTS);
                run.logArtifact(resultsDir.resolve("results.csv"), SUMMARY_ARTIFACTS);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            progress.accept("sweep " + sweepId + ": warning: the results table could not be attached to parent run "
                    + runId + ": " + e.getMessage());
        }
    }
}
