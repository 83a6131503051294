package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.Runner;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.runners.sweep.CancellationFlag;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepParentRun;
import dev.bioprompt.runners.sweep.SweepState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each cell of a sweep as a Kubernetes {@code batch/v1} Job (built by {@link CellJobFactory}) and waits for
 * them by polling.
 *
 * <ul>
 *   <li>Resubmission: the Jobs of a sweep are found by the {@value CellJobFactory#SWEEP_LABEL} label. A cell whose
 *   Job succeeded is skipped (as is a cell with a {@code FINISHED} result in the shared {@link SweepState}, when
 *   the run folder is shared with the pods); a Job still running is adopted; a failed Job is deleted and submitted
 *   again.</li>
 *   <li>Tracking run ids: read from the Job annotation {@value CellJobFactory#TRACKING_RUN_ANNOTATION} when the cell
 *   set one, else from the pod log line {@code tracking-run-id: <id>} that {@code bioprompt run-cell} prints when
 *   the cell starts. With a {@link Tracker}, the runner also creates the sweep's parent run (passed to the pods as
 *   {@value CellJobFactory#PARENT_RUN_ENV}) and reads each finished cell's metrics back.</li>
 *   <li>Failures: reported with the Job condition ({@code DeadlineExceeded}, {@code BackoffLimitExceeded}), the
 *   pod's reason (an eviction, {@code OOMKilled} with its exit code, {@code ImagePullBackOff}...) and the tail of
 *   the pod log when the cluster still has it.</li>
 *   <li>Cancellation ({@link #cancel()} or an interrupt of the calling thread): the sweep's unfinished Jobs are
 *   deleted (background propagation, so their pods go too).</li>
 * </ul>
 *
 * <p>The three phases are {@link JobSubmitter} (submit or adopt), {@link JobPoller} (poll) and {@link JobCanceller}
 * (cancel); the parent run, its tags, the results table and the sweep's status are {@link SweepParentRun}'s, as for
 * every runner.
 */
public final class KubernetesRunner implements Runner {
    /** The pod label the Job controller sets to the Job's name. */
    public static final String JOB_NAME_LABEL = "job-name";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRunner.class);

    private final Tracker tracker;
    private final Path sharedRunsDir;
    private final Consumer<String> progress;
    private final ClusterJobs jobs;
    private final JobSubmitter submitter;
    private final JobPoller poller;
    private final JobCanceller canceller;
    private final CancellationFlag cancellation = new CancellationFlag();
    private final CountDownLatch cancelSignal = new CountDownLatch(1);

    /**
     * @param client the cluster client
     * @param config how Jobs are built
     * @param tracker the tracking store (parent run, metrics of finished cells), or null
     * @param sharedRunsDir the sweep state folder when the pods share it (a volume), or null
     * @param progress where progress lines go
     */
    public KubernetesRunner(KubernetesClient client, KubernetesRunnerConfig config, Tracker tracker,
                            Path sharedRunsDir, Consumer<String> progress) {
        requireNonNull(client, "client is null");
        requireNonNull(config, "config is null");
        this.tracker = tracker;
        this.sharedRunsDir = sharedRunsDir;
        this.progress = requireNonNull(progress, "progress is null");
        this.jobs = new ClusterJobs(client, config, progress);
        JobResults jobResults = new JobResults(jobs, tracker, progress);
        this.submitter = new JobSubmitter(jobs, new CellJobFactory(config), jobResults, progress);
        this.poller = new JobPoller(jobs, jobResults, config.pollInterval(), progress);
        this.canceller = new JobCanceller(jobs, progress);
    }

    /**
     * A runner on the cluster of the standard client configuration chain (kubeconfig, {@code KUBECONFIG}, or the
     * in-cluster service account), with progress lines to the log.
     */
    public static KubernetesRunner fromEnvironment(KubernetesRunnerConfig config, Tracker tracker) {
        return new KubernetesRunner(new KubernetesClientBuilder().build(), config, tracker, null, LOG::info);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** Cancels the running sweep: its unfinished Jobs are deleted and {@link #run} returns. Final. */
    public void cancel() {
        cancellation.cancel();
        cancelSignal.countDown();
    }

    @Override
    public List<CellResult> run(SweepSpec sweep) throws InterruptedException {
        requireNonNull(sweep, "sweep is null");
        SweepState state = sharedRunsDir == null ? null : SweepState.open(sharedRunsDir, sweep);
        Map<String, Job> existing = jobs.ofSweep(sweep.sweepId());
        SweepParentRun parent = SweepParentRun.open(tracker, sweep, name(), state,
                JobSubmitter.parentRunOf(existing.values()), progress);
        Map<String, CellResult> results = new HashMap<>();
        boolean interrupted;
        try {
            Map<String, JobSpec> outstanding = submitter.submitOrAdopt(sweep, state, existing,
                    parent.runId().orElse(null), results);
            interrupted = poller.await(sweep.sweepId(), state, outstanding, results, cancellation, cancelSignal);
            if (cancellation.isCancelled() && !outstanding.isEmpty()) {
                canceller.cancel(sweep.sweepId(), outstanding, results);
            }
        } catch (InterruptedException e) {
            parent.finish(RunStatus.KILLED); // never leave the sweep's run RUNNING
            throw e;
        } catch (RuntimeException | Error e) {
            parent.finish(RunStatus.FAILED);
            throw e;
        }
        List<CellResult> ordered = sweep.cells().stream().map(cell -> results.get(CellIds.of(cell))).toList();
        parent.finish(ordered, state == null ? null : state.dir());
        if (interrupted) {
            throw new InterruptedException("sweep " + sweep.sweepId() + " cancelled; its Jobs were deleted");
        }
        return ordered;
    }
}
