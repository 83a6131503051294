package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.runners.sweep.SweepState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a cell's Job ended, and its cell result: the tracking run id (the Job annotation, else the pod log's
 * {@code tracking-run-id:} line), the metrics read back from the tracker, or the failure with the Job's and the pod's
 * reasons and the tail of the pod log.
 */
final class JobResults {
    private static final Pattern RUN_ID_LINE =
            Pattern.compile(Pattern.quote(SweepCellRunner.TRACKING_RUN_ID_MARKER) + "([A-Za-z0-9][\\w-]*)");

    private final ClusterJobs jobs;
    private final Tracker tracker;
    private final Consumer<String> progress;

    /**
     * @param jobs the cluster
     * @param tracker the tracking store to read finished cells' metrics from, or null
     * @param progress where progress lines go
     */
    JobResults(ClusterJobs jobs, Tracker tracker, Consumer<String> progress) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.tracker = tracker;
        this.progress = requireNonNull(progress, "progress is null");
    }

    static boolean isSucceeded(Job job) {
        if (job.getStatus() == null) {
            return false;
        }
        if (hasCondition(job, "Complete")) {
            return true;
        }
        return job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0;
    }

    static boolean isFailed(Job job) {
        if (job.getStatus() == null) {
            return false;
        }
        if (hasCondition(job, "Failed")) {
            return true;
        }
        Integer failed = job.getStatus().getFailed();
        Integer backoff = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
        return failed != null && failed > (backoff == null ? 6 : backoff);
    }

    private static boolean hasCondition(Job job, String type) {
        List<JobCondition> conditions = job.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The result of a cell whose Job succeeded: the shared sweep state's, else built from the Job and tracker. */
    CellResult finished(JobSpec cell, Job job, SweepState state) {
        String cellId = CellIds.of(cell);
        if (state != null) {
            Optional<CellResult> recorded = state.result(cellId);
            if (recorded.isPresent() && recorded.get().status() == RunStatus.FINISHED) {
                return recorded.get();
            }
        }
        String runId = trackingRunId(job);
        Map<String, Double> metrics = Map.of();
        if (tracker != null && !runId.isEmpty()) {
            try {
                metrics = tracker.getRun(runId).map(RunRecord::metrics).orElse(Map.of());
            } catch (RuntimeException e) {
                progress.accept("[" + cellId + "] cannot read the metrics of run " + runId + ": " + e.getMessage());
            }
        }
        return new CellResult(cell, RunStatus.FINISHED, runId, metrics, "");
    }

    /** The result of a cell whose Job failed, with the reasons and the tail of the pod log. */
    CellResult failed(JobSpec cell, Job job) {
        String jobName = job.getMetadata().getName();
        StringBuilder message = new StringBuilder("Job ").append(jobName).append(" failed");
        String jobReason = JobFailureReport.jobReason(job);
        if (!jobReason.isEmpty()) {
            message.append(": ").append(jobReason);
        }
        Optional<Pod> pod = jobs.latestPod(jobName);
        String log = "";
        if (pod.isPresent()) {
            String podReason = JobFailureReport.podReason(pod.get());
            message.append("; pod ").append(pod.get().getMetadata().getName());
            if (!podReason.isEmpty()) {
                message.append(": ").append(podReason);
            }
            log = jobs.podLog(pod.get(), false);
        }
        if (!log.isBlank()) {
            message.append("\nlast log lines:\n").append(log.strip());
        }
        return new CellResult(cell, RunStatus.FAILED, trackingRunId(job), Map.of(), message.toString());
    }

    private String trackingRunId(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        if (annotations != null && annotations.get(CellJobFactory.TRACKING_RUN_ANNOTATION) != null) {
            return annotations.get(CellJobFactory.TRACKING_RUN_ANNOTATION);
        }
        Optional<Pod> pod = jobs.latestPod(job.getMetadata().getName());
        if (pod.isEmpty()) {
            return "";
        }
        String id = "";
        Matcher m = RUN_ID_LINE.matcher(jobs.podLog(pod.get(), true));
        while (m.find()) {
            id = m.group(1);
        }
        return id;
    }
}
