package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cancels what is left of a sweep: deletes each outstanding Job with background propagation (so its pods go too;
 * a pod's SIGTERM ends its cell's tracking run {@code KILLED}) and ends its cell {@code KILLED}.
 */
final class JobCanceller {
    private final ClusterJobs jobs;
    private final Consumer<String> progress;

    JobCanceller(ClusterJobs jobs, Consumer<String> progress) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * @param sweepId the sweep
     * @param outstanding the cells whose Jobs had not ended, by cell id
     * @param results receives a {@code KILLED} result for each of them
     */
    void cancel(String sweepId, Map<String, JobSpec> outstanding, Map<String, CellResult> results) {
        for (var entry : outstanding.entrySet()) {
            String jobName = CellJobFactory.jobName(sweepId, entry.getKey());
            jobs.delete(jobName);
            progress.accept("[" + entry.getKey() + "] cancelled: deleted Job " + jobName);
            results.put(entry.getKey(), new CellResult(entry.getValue(), RunStatus.KILLED, "", Map.of(),
                    "cancelled; Job " + jobName + " deleted"));
        }
    }
}
