package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.Runner;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.runners.sweep.CancellationFlag;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.runners.sweep.SweepState;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 */
public final class KubernetesRunner implements Runner {
    /** The pod label the Job controller sets to the Job's name. */
    public static final String JOB_NAME_LABEL = "job-name";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRunner.class);
    private static final Pattern RUN_ID_LINE =
            Pattern.compile(Pattern.quote(SweepCellRunner.TRACKING_RUN_ID_MARKER) + "([A-Za-z0-9][\\w-]*)");
    private static final int LOG_HEAD_BYTES = 64 * 1024;
    private static final long DELETE_WAIT_MILLIS = 120_000;

    private final KubernetesClient client;
    private final KubernetesRunnerConfig config;
    private final CellJobFactory factory;
    private final Tracker tracker;
    private final Path sharedRunsDir;
    private final Consumer<String> progress;
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
        this.client = requireNonNull(client, "client is null");
        this.config = requireNonNull(config, "config is null");
        this.factory = new CellJobFactory(config);
        this.tracker = tracker;
        this.sharedRunsDir = sharedRunsDir;
        this.progress = requireNonNull(progress, "progress is null");
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
        String ns = config.namespace();
        SweepState state = sharedRunsDir == null ? null : SweepState.open(sharedRunsDir, sweep);
        Map<String, Job> existing = new HashMap<>();
        for (Job job : client.batch().v1().jobs().inNamespace(ns)
                .withLabels(CellJobFactory.sweepSelector(sweep.sweepId())).list().getItems()) {
            existing.put(cellIdOf(job), job);
        }
        ParentRun parent = openParentRun(sweep, state, existing.values());

        Map<String, CellResult> results = new HashMap<>();
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
            if (job != null && isSucceeded(job)) {
                results.put(cellId, finished(cell, job, state));
                progress.accept("[" + cellId + "] already finished (Job " + jobName + " succeeded)");
                continue;
            }
            if (job != null && isFailed(job)) {
                progress.accept("[" + cellId + "] Job " + jobName + " failed before; deleting it to submit again");
                deleteAndWait(jobName);
                job = null;
            }
            if (job != null) {
                progress.accept("[" + cellId + "] Job " + jobName + " is already running; following it");
            } else {
                Job built = factory.build(sweep.sweepId(), sweep.experiment(), cell, parent.runId());
                try {
                    client.batch().v1().jobs().inNamespace(ns).resource(built).create();
                    progress.accept("[" + cellId + "] submitted Job " + jobName);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw new IllegalStateException("cannot create Job " + jobName + " in namespace " + ns
                                + ": " + e.getMessage(), e);
                    }
                    progress.accept("[" + cellId + "] Job " + jobName + " already exists; following it");
                }
            }
            outstanding.put(cellId, cell);
        }

        boolean interrupted = false;
        Set<String> announced = new HashSet<>();
        while (!outstanding.isEmpty()) {
            if (cancellation.isCancelled()) {
                break;
            }
            for (var it = outstanding.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                String cellId = entry.getKey();
                JobSpec cell = entry.getValue();
                String jobName = CellJobFactory.jobName(sweep.sweepId(), cellId);
                Job job = client.batch().v1().jobs().inNamespace(ns).withName(jobName).get();
                if (job == null) {
                    if (cancellation.isCancelled()) {
                        break;
                    }
                    String message = "Job " + jobName + " was deleted before it finished";
                    progress.accept("[" + cellId + "] KILLED: " + message);
                    results.put(cellId, new CellResult(cell, RunStatus.KILLED, "", Map.of(), message));
                    it.remove();
                } else if (isSucceeded(job)) {
                    CellResult r = finished(cell, job, state);
                    String metrics = formatMetrics(r.metrics());
                    progress.accept("[" + cellId + "] finished" + (metrics.isEmpty() ? "" : " " + metrics)
                            + (r.trackingRunId().isEmpty() ? "" : " " + SweepCellRunner.TRACKING_RUN_ID_MARKER
                            + r.trackingRunId()));
                    results.put(cellId, r);
                    it.remove();
                } else if (isFailed(job)) {
                    CellResult r = failed(cell, job);
                    progress.accept("[" + cellId + "] FAILED: " + r.message());
                    results.put(cellId, r);
                    it.remove();
                } else if (job.getStatus() != null && job.getStatus().getActive() != null
                        && job.getStatus().getActive() > 0 && announced.add(cellId)) {
                    progress.accept("[" + cellId + "] running (Job " + jobName + ")");
                }
            }
            if (outstanding.isEmpty()) {
                break;
            }
            try {
                cancelSignal.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                cancellation.cancel();
            }
        }
        if (cancellation.isCancelled() && !outstanding.isEmpty()) {
            for (var entry : outstanding.entrySet()) {
                String jobName = CellJobFactory.jobName(sweep.sweepId(), entry.getKey());
                deleteJob(jobName);
                progress.accept("[" + entry.getKey() + "] cancelled: deleted Job " + jobName);
                results.put(entry.getKey(), new CellResult(entry.getValue(), RunStatus.KILLED, "", Map.of(),
                        "cancelled; Job " + jobName + " deleted"));
            }
        }

        List<CellResult> ordered = new ArrayList<>();
        for (JobSpec cell : sweep.cells()) {
            ordered.add(results.get(CellIds.of(cell)));
        }
        long finished = ordered.stream().filter(r -> r.status() == RunStatus.FINISHED).count();
        long failedCount = ordered.stream().filter(r -> r.status() == RunStatus.FAILED).count();
        parent.finish(cancellation.isCancelled() ? RunStatus.KILLED
                : failedCount > 0 || finished < ordered.size() ? RunStatus.FAILED : RunStatus.FINISHED);
        progress.accept("sweep " + sweep.sweepId() + ": " + finished + " finished, " + failedCount + " failed, "
                + (ordered.size() - finished - failedCount) + " killed");
        if (interrupted) {
            throw new InterruptedException("sweep " + sweep.sweepId() + " cancelled; its Jobs were deleted");
        }
        return ordered;
    }

    private static String cellIdOf(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        String id = annotations == null ? null : annotations.get(CellJobFactory.CELL_ANNOTATION);
        return id != null ? id : job.getMetadata().getLabels().getOrDefault(CellJobFactory.CELL_LABEL, "");
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

    private CellResult finished(JobSpec cell, Job job, SweepState state) {
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

    private CellResult failed(JobSpec cell, Job job) {
        String jobName = job.getMetadata().getName();
        StringBuilder message = new StringBuilder("Job ").append(jobName).append(" failed");
        String jobReason = JobFailureReport.jobReason(job);
        if (!jobReason.isEmpty()) {
            message.append(": ").append(jobReason);
        }
        Optional<Pod> pod = latestPod(jobName);
        String log = "";
        if (pod.isPresent()) {
            String podReason = JobFailureReport.podReason(pod.get());
            message.append("; pod ").append(pod.get().getMetadata().getName());
            if (!podReason.isEmpty()) {
                message.append(": ").append(podReason);
            }
            log = podLog(pod.get(), false);
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
        Optional<Pod> pod = latestPod(job.getMetadata().getName());
        if (pod.isEmpty()) {
            return "";
        }
        String id = "";
        Matcher m = RUN_ID_LINE.matcher(podLog(pod.get(), true));
        while (m.find()) {
            id = m.group(1);
        }
        return id;
    }

    private Optional<Pod> latestPod(String jobName) {
        try {
            return client.pods().inNamespace(config.namespace()).withLabel(JOB_NAME_LABEL, jobName).list()
                    .getItems().stream()
                    .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
                            : p.getMetadata().getCreationTimestamp()));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** The head (for the run id line) or the tail (for a failure) of the pod log; empty when there is none. */
    private String podLog(Pod pod, boolean head) {
        try {
            var resource = client.pods().inNamespace(config.namespace()).withName(pod.getMetadata().getName())
                    .inContainer(CellJobFactory.CONTAINER);
            String log = head ? resource.limitBytes(LOG_HEAD_BYTES).getLog()
                    : resource.tailingLines(Math.max(1, config.logTailLines())).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    private void deleteJob(String jobName) {
        try {
            client.batch().v1().jobs().inNamespace(config.namespace()).withName(jobName)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            progress.accept("cannot delete Job " + jobName + ": " + e.getMessage());
        }
    }

    private void deleteAndWait(String jobName) throws InterruptedException {
        deleteJob(jobName);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELETE_WAIT_MILLIS);
        while (client.batch().v1().jobs().inNamespace(config.namespace()).withName(jobName).get() != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Job " + jobName + " was not deleted within "
                        + DELETE_WAIT_MILLIS / 1000 + " s; delete it and submit again");
            }
            Thread.sleep(Math.min(1000, config.pollInterval().toMillis()));
        }
    }

    private ParentRun openParentRun(SweepSpec sweep, SweepState state, Iterable<Job> existing) {
        String recorded = state == null ? null : state.parentRunId().orElse(null);
        if (recorded == null) {
            for (Job job : existing) {
                Map<String, String> a = job.getMetadata().getAnnotations();
                if (a != null && a.get(CellJobFactory.PARENT_RUN_ANNOTATION) != null) {
                    recorded = a.get(CellJobFactory.PARENT_RUN_ANNOTATION);
                    break;
                }
            }
        }
        if (tracker == null) {
            return new ParentRun(null, recorded);
        }
        if (recorded != null) {
            if (tracker instanceof ResumableTracker resumable) {
                try {
                    return new ParentRun(resumable.resumeRun(recorded), recorded);
                } catch (IllegalArgumentException e) {
                    progress.accept("sweep " + sweep.sweepId() + ": cannot reopen parent run " + recorded
                            + "; starting a new one");
                }
            } else {
                return new ParentRun(null, recorded);
            }
        }
        TrackedRun run = tracker.startRun(new RunRequest(sweep.experiment(), sweep.sweepId(), null,
                Map.of(SweepCellRunner.SWEEP_TAG, sweep.sweepId(), "bioprompt.runner", name())));
        if (state != null) {
            state.recordParentRun(run.runId());
        }
        return new ParentRun(run, run.runId());
    }

    private static String formatMetrics(Map<String, Double> metrics) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(metrics).forEach((k, v) -> out.append(k).append('=')
                .append(String.format(Locale.ROOT, "%.4g", v)).append(' '));
        return out.toString().strip();
    }

    private record ParentRun(TrackedRun run, String runId) {
        void finish(RunStatus status) {
            if (run != null) {
                run.finish(status);
            }
        }
    }
}
