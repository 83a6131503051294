package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CancellationFlag;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.runners.sweep.SweepState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a sweep's Jobs by polling, one GET per outstanding Job per interval, until each has ended (succeeded,
 * failed, or deleted before it finished, which ends its cell {@code KILLED}) or the sweep is cancelled.
 */
final class JobPoller {
    private final ClusterJobs jobs;
    private final JobResults jobResults;
    private final Duration interval;
    private final Consumer<String> progress;

    JobPoller(ClusterJobs jobs, JobResults jobResults, Duration interval, Consumer<String> progress) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.jobResults = requireNonNull(jobResults, "jobResults is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Polls until no cell is outstanding or the sweep is cancelled. An interrupt of the calling thread cancels the
     * sweep.
     *
     * @param sweepId the sweep
     * @param state the shared sweep state (a finished cell's recorded result), or null
     * @param outstanding the cells being followed, by cell id; a cell is removed when its Job ends
     * @param results receives the result of every cell whose Job ended
     * @param cancellation set on cancel or interrupt
     * @param cancelSignal counted down on cancel, to stop waiting at once
     * @return whether the calling thread was interrupted
     */
    boolean await(String sweepId, SweepState state, Map<String, JobSpec> outstanding, Map<String, CellResult> results,
                  CancellationFlag cancellation, CountDownLatch cancelSignal) {
        boolean interrupted = false;
        Set<String> announced = new HashSet<>();
        while (!outstanding.isEmpty() && !cancellation.isCancelled()) {
            pollOnce(sweepId, state, outstanding, results, cancellation, announced);
            if (outstanding.isEmpty()) {
                break;
            }
            try {
                cancelSignal.await(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                cancellation.cancel();
            }
        }
        return interrupted;
    }

    private void pollOnce(String sweepId, SweepState state, Map<String, JobSpec> outstanding, Map<String, CellResult> results,
                          CancellationFlag cancellation, Set<String> announced) {
        for (var it = outstanding.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            String cellId = entry.getKey();
            JobSpec cell = entry.getValue();
            String jobName = CellJobFactory.jobName(sweepId, cellId);
            Job job = jobs.get(jobName);
            if (job == null) {
                if (cancellation.isCancelled()) {
                    return;
                }
                String message = "Job " + jobName + " was deleted before it finished";
                progress.accept("[" + cellId + "] KILLED: " + message);
                results.put(cellId, new CellResult(cell, RunStatus.KILLED, "", Map.of(), message));
                it.remove();
            } else if (JobResults.isSucceeded(job)) {
                CellResult r = jobResults.finished(cell, job, state);
                String metrics = SweepCellRunner.formatMetrics(r.metrics());
                progress.accept("[" + cellId + "] finished" + (metrics.isEmpty() ? "" : " " + metrics)
                        + (r.trackingRunId().isEmpty() ? "" : " " + SweepCellRunner.TRACKING_RUN_ID_MARKER
                        + r.trackingRunId()));
                results.put(cellId, r);
                it.remove();
            } else if (JobResults.isFailed(job)) {
                CellResult r = jobResults.failed(cell, job);
                progress.accept("[" + cellId + "] FAILED: " + r.message());
                results.put(cellId, r);
                it.remove();
            } else if (job.getStatus() != null && job.getStatus().getActive() != null
                    && job.getStatus().getActive() > 0 && announced.add(cellId)) {
                progress.accept("[" + cellId + "] running (Job " + jobName + ")");
            }
        }
    }
}
