package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Submits a sweep's cells as Jobs, or adopts what an earlier submission left: a cell finished in the shared sweep
 * state or whose Job succeeded is not submitted; a Job still running is followed; a failed Job is deleted and
 * submitted again; a Job that another submission creates at the same time is followed.
 */
final class JobSubmitter {
    private final ClusterJobs jobs;
    private final CellJobFactory factory;
    private final JobResults jobResults;
    private final Consumer<String> progress;

    JobSubmitter(ClusterJobs jobs, CellJobFactory factory, JobResults jobResults, Consumer<String> progress) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.jobResults = requireNonNull(jobResults, "jobResults is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** The parent run recorded on an earlier submission's Jobs, to be adopted. */
    static Optional<String> parentRunOf(Collection<Job> existing) {
        for (Job job : existing) {
            Map<String, String> a = job.getMetadata().getAnnotations();
            if (a != null && a.get(CellJobFactory.PARENT_RUN_ANNOTATION) != null) {
                return Optional.of(a.get(CellJobFactory.PARENT_RUN_ANNOTATION));
            }
        }
        return Optional.empty();
    }

    /**
     * Submits or adopts a Job for every cell that has not finished.
     *
     * @param sweep the sweep
     * @param state the shared sweep state, or null
     * @param existing the sweep's Jobs in the cluster, by cell id
     * @param parentRunId the sweep's parent run, or null for none
     * @param results receives the results of the cells that need no Job
     * @return the cells whose Jobs are to be followed, by cell id, in sweep order
     * @throws IllegalStateException when a Job cannot be created or a failed one cannot be deleted
     */
    Map<String, JobSpec> submitOrAdopt(SweepSpec sweep, SweepState state, Map<String, Job> existing,
                                       String parentRunId, Map<String, CellResult> results)
            throws InterruptedException {
        Map<String, JobSpec> outstanding = new LinkedHashMap<>();
        for (JobSpec cell : sweep.cells()) {
            String cellId = CellIds.of(cell);
            String jobName = CellJobFactory.jobName(sweep.sweepId(), cellId);
            if (state != null && state.isFinished(cellId)) {
                results.put(cellId, state.result(cellId).orElseThrow());
                progress.accept("[" + cellId + "] already finished (sweep state)");
                continue;
            }
            Job job = existing.get(cellId);
            if (job != null && JobResults.isSucceeded(job)) {
                results.put(cellId, jobResults.finished(cell, job, state));
                progress.accept("[" + cellId + "] already finished (Job " + jobName + " succeeded)");
                continue;
            }
            if (job != null && JobResults.isFailed(job)) {
                progress.accept("[" + cellId + "] Job " + jobName + " failed before; deleting it to submit again");
                jobs.deleteAndWait(jobName);
                job = null;
            }
            if (job != null) {
                progress.accept("[" + cellId + "] Job " + jobName + " is already running; following it");
            } else {
                submit(factory.build(sweep.sweepId(), sweep.experiment(), cell, parentRunId), cellId, jobName);
            }
            outstanding.put(cellId, cell);
        }
        return outstanding;
    }

    private void submit(Job built, String cellId, String jobName) {
        try {
            jobs.create(built);
            progress.accept("[" + cellId + "] submitted Job " + jobName);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new IllegalStateException("cannot create Job " + jobName + " in namespace " + jobs.namespace()
                        + ": " + e.getMessage(), e);
            }
            progress.accept("[" + cellId + "] Job " + jobName + " already exists; following it");
        }
    }
}
