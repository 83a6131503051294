package dev.bioprompt.runners.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.sweep.SweepState;
import dev.bioprompt.runners.testkit.FileTestTracker;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against the fabric8 mock API server; the test plays the Job controller by writing Job status. */
@EnableKubernetesMockClient(crud = true)
class KubernetesRunnerTest {
    private static final AtomicInteger NAMESPACES =
            new AtomicInteger();
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "k8s-test",
            "method", "coop", "dataset", "btmri", "shots", 4, "seeds", List.of(1, 2)), "k8s-test");

    /** The mock server logs every request through java.util.logging; keep the logger (and its level) alive. */
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** One mock server for the class (its start is the slow part); each test works in its own namespace. */
    private final String NS = "ml-train-" + NAMESPACES.incrementAndGet();

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private KubernetesRunner runner(FileTestTracker tracker) {
        KubernetesRunnerConfig config = KubernetesRunnerConfig.builder(NS, "bioprompt/cell:test")
                .pollInterval(Duration.ofMillis(20)).build();
        return new KubernetesRunner(client, config, tracker, null, lines::add);
    }

    private static String jobName(JobSpec cell) {
        return CellJobFactory.jobName(SWEEP.sweepId(), CellIds.of(cell));
    }

    private Job awaitJob(JobSpec cell) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Job job = client.batch().v1().jobs().inNamespace(NS).withName(jobName(cell)).get();
            if (job != null) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no Job for " + CellIds.of(cell));
    }

    /** Plays the Job controller and kubelet: a pod for the Job, then the Job's status. */
    private void startPod(JobSpec cell, Map<String, String> podStatus) {
        String name = jobName(cell) + "-x7k2p";
        var pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(KubernetesRunner.JOB_NAME_LABEL, jobName(cell)).endMetadata()
                .withNewSpec().addNewContainer().withName("cell").withImage("bioprompt/cell:test").endContainer()
                .endSpec().withNewStatus().withPhase(podStatus.getOrDefault("phase", "Running"))
                .withReason(podStatus.get("reason")).withMessage(podStatus.get("message"));
        if (podStatus.containsKey("terminated")) {
            pod = pod.addNewContainerStatus().withName("cell").withNewState().withNewTerminated()
                    .withReason(podStatus.get("terminated")).withExitCode(137).endTerminated().endState()
                    .endContainerStatus();
        }
        client.pods().inNamespace(NS).resource(pod.endStatus().build()).create();
    }

    private void setStatus(Job job, String condition, String reason, String message, Map<String, String> annotations) {
        Job current = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
        if (!annotations.isEmpty()) {
            current = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName())
                    .edit(j -> {
                        j.getMetadata().getAnnotations().putAll(annotations);
                        return j;
                    });
        }
        JobStatusBuilder status = new JobStatusBuilder().withActive(0);
        if (condition == null) {
            status.withActive(1);
        } else {
            status.addToConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                    .withReason(reason).withMessage(message).build());
            if (condition.equals("Complete")) {
                status.withSucceeded(1);
            } else {
                status.withFailed(1);
            }
        }
        current.setStatus(status.build());
        client.batch().v1().jobs().inNamespace(NS).resource(current).updateStatus();
    }

    private void awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lines.stream().noneMatch(l -> l.contains(text))) {
            assertThat(System.nanoTime()).as("no progress line with '%s' in %s", text, lines).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void succeed(JobSpec cell, String runId) throws InterruptedException {
        Job job = awaitJob(cell);
        startPod(cell, Map.of("phase", "Succeeded"));
        setStatus(job, "Complete", null, null, Map.of(CellJobFactory.TRACKING_RUN_ANNOTATION, runId));
    }

    @Test
    void runsEachCellAsAJobAndCollectsRunIdsAndMetrics() throws Exception {
        FileTestTracker tracker = new FileTestTracker(dir.resolve("mlruns"));
        var r0 = tracker.startRun(new RunRequest("k8s-test", "c0", null, Map.of()));
        r0.logMetrics(Map.of("accuracy", 71.25), 0);
        r0.finish(RunStatus.FINISHED);
        Future<List<CellResult>> run = pool.submit(() -> runner(tracker).run(SWEEP));

        Job first = awaitJob(SWEEP.cells().get(0));
        assertThat(first.getMetadata().getLabels()).containsEntry("bioprompt.dev/sweep", SWEEP.sweepId());
        String parent = first.getMetadata().getAnnotations().get(CellJobFactory.PARENT_RUN_ANNOTATION);
        assertThat(tracker.stored(parent).orElseThrow().runName()).isEqualTo(SWEEP.sweepId());
        setStatus(first, null, null, null, Map.of());
        awaitLine("running (Job " + jobName(SWEEP.cells().get(0)) + ")");
        succeed(SWEEP.cells().get(0), r0.runId());
        succeed(SWEEP.cells().get(1), "run-b");

        List<CellResult> results = run.get(20, TimeUnit.SECONDS);
        assertThat(results).extracting(CellResult::status).containsExactly(RunStatus.FINISHED, RunStatus.FINISHED);
        assertThat(results.get(0).trackingRunId()).isEqualTo(r0.runId());
        assertThat(results.get(0).metrics()).containsEntry("accuracy", 71.25);
        assertThat(results.get(1).trackingRunId()).isEqualTo("run-b");
        assertThat(tracker.stored(parent).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(lines).anyMatch(l -> l.contains("submitted Job " + jobName(SWEEP.cells().get(0))))
                .anyMatch(l -> l.contains("running (Job"))
                .anyMatch(l -> l.contains("finished accuracy=71.25"));
    }

    @Test
    void aFailedPodIsReportedWithItsReason() throws Exception {
        Future<List<CellResult>> run = pool.submit(() -> runner(null).run(SWEEP));
        succeed(SWEEP.cells().get(0), "run-a");
        JobSpec bad = SWEEP.cells().get(1);
        Job job = awaitJob(bad);
        startPod(bad, Map.of("phase", "Failed", "terminated", "OOMKilled"));
        setStatus(job, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", Map.of());

        List<CellResult> results = run.get(20, TimeUnit.SECONDS);
        assertThat(results.get(0).status()).isEqualTo(RunStatus.FINISHED);
        CellResult failed = results.get(1);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.message()).contains("Job " + jobName(bad) + " failed: BackoffLimitExceeded")
                .contains("pod " + jobName(bad) + "-x7k2p")
                .contains("container cell terminated: OOMKilled (exit code 137)");
        assertThat(lines).anyMatch(l -> l.contains("FAILED") && l.contains("OOMKilled"));
    }

    @Test
    void aDeadlineExceededJobFailsWithThatReason() throws Exception {
        Future<List<CellResult>> run = pool.submit(() -> runner(null).run(SWEEP));
        succeed(SWEEP.cells().get(0), "run-a");
        JobSpec slow = SWEEP.cells().get(1);
        Job job = awaitJob(slow);
        startPod(slow, Map.of("phase", "Failed", "reason", "DeadlineExceeded",
                "message", "Pod was active on the node longer than the specified deadline"));
        setStatus(job, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline", Map.of());

        CellResult result = run.get(20, TimeUnit.SECONDS).get(1);
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.message())
                .contains("DeadlineExceeded (Job was active longer than specified deadline)")
                .contains("DeadlineExceeded (Pod was active on the node longer than the specified deadline)");
    }

    @Test
    void aJobDeletedMidRunEndsItsCellAsKilled() throws Exception {
        Future<List<CellResult>> run = pool.submit(() -> runner(null).run(SWEEP));
        succeed(SWEEP.cells().get(0), "run-a");
        Job job = awaitJob(SWEEP.cells().get(1));
        setStatus(job, null, null, null, Map.of());
        client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).delete();

        CellResult result = run.get(20, TimeUnit.SECONDS).get(1);
        assertThat(result.status()).isEqualTo(RunStatus.KILLED);
        assertThat(result.message()).contains("was deleted before it finished");
    }

    @Test
    void resubmissionSkipsFinishedCellsAndReplacesFailedJobs() throws Exception {
        Future<List<CellResult>> first = pool.submit(() -> runner(null).run(SWEEP));
        succeed(SWEEP.cells().get(0), "run-a");
        Job failedJob = awaitJob(SWEEP.cells().get(1));
        setStatus(failedJob, "Failed", "BackoffLimitExceeded", "", Map.of());
        assertThat(first.get(20, TimeUnit.SECONDS)).extracting(CellResult::status)
                .containsExactly(RunStatus.FINISHED, RunStatus.FAILED);
        String firstUid = client.batch().v1().jobs().inNamespace(NS).withName(jobName(SWEEP.cells().get(0))).get()
                .getMetadata().getUid();
        lines.clear();

        Future<List<CellResult>> second = pool.submit(() -> runner(null).run(SWEEP));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Job resubmitted;
        do {
            Thread.sleep(10);
            resubmitted = client.batch().v1().jobs().inNamespace(NS).withName(jobName(SWEEP.cells().get(1))).get();
        } while ((resubmitted == null || resubmitted.getMetadata().getUid().equals(failedJob.getMetadata().getUid()))
                && System.nanoTime() < deadline);
        assertThat(resubmitted.getStatus() == null || resubmitted.getStatus().getConditions() == null
                || resubmitted.getStatus().getConditions().isEmpty()).isTrue();
        setStatus(resubmitted, "Complete", null, null, Map.of(CellJobFactory.TRACKING_RUN_ANNOTATION, "run-b2"));

        List<CellResult> results = second.get(20, TimeUnit.SECONDS);
        assertThat(results).extracting(CellResult::status).containsExactly(RunStatus.FINISHED, RunStatus.FINISHED);
        assertThat(results).extracting(CellResult::trackingRunId).containsExactly("run-a", "run-b2");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(jobName(SWEEP.cells().get(0))).get()
                .getMetadata().getUid()).isEqualTo(firstUid);
        assertThat(lines).anyMatch(l -> l.contains("already finished (Job"))
                .anyMatch(l -> l.contains("failed before; deleting it"))
                .noneMatch(l -> l.contains("submitted Job " + jobName(SWEEP.cells().get(0))));
    }

    @Test
    void cellsFinishedInTheSharedSweepStateAreNotSubmitted() throws Exception {
        JobSpec done = SWEEP.cells().get(0);
        SweepState.open(dir.resolve("runs"), SWEEP).recordResult(CellIds.of(done),
                new CellResult(done, RunStatus.FINISHED, "run-shared", Map.of("accuracy", 60.0), ""));
        KubernetesRunnerConfig config = KubernetesRunnerConfig.builder(NS, "bioprompt/cell:test")
                .pollInterval(Duration.ofMillis(20)).build();
        KubernetesRunner runner = new KubernetesRunner(client, config, null, dir.resolve("runs"), lines::add);
        Future<List<CellResult>> run = pool.submit(() -> runner.run(SWEEP));
        succeed(SWEEP.cells().get(1), "run-b");

        List<CellResult> results = run.get(20, TimeUnit.SECONDS);
        assertThat(results.get(0).trackingRunId()).isEqualTo("run-shared");
        assertThat(results.get(0).metrics()).containsEntry("accuracy", 60.0);
        assertThat(results.get(1).trackingRunId()).isEqualTo("run-b");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(jobName(done)).get()).isNull();
    }

    @Test
    void cancelDeletesTheSweepsJobs() throws Exception {
        KubernetesRunner runner = runner(null);
        Future<List<CellResult>> run = pool.submit(() -> runner.run(SWEEP));
        awaitJob(SWEEP.cells().get(0));
        awaitJob(SWEEP.cells().get(1));
        runner.cancel();

        List<CellResult> results = run.get(20, TimeUnit.SECONDS);
        assertThat(results).extracting(CellResult::status).containsOnly(RunStatus.KILLED);
        assertThat(client.batch().v1().jobs().inNamespace(NS)
                .withLabels(CellJobFactory.sweepSelector(SWEEP.sweepId())).list().getItems()).isEmpty();
        assertThat(lines).anyMatch(l -> l.contains("cancelled: deleted Job"));
    }

    @Test
    void theTrackingRunIdIsReadFromThePodLogWhenTheJobHasNoAnnotation() throws Exception {
        JobSpec cell = SWEEP.cells().get(0);
        String pod = jobName(cell) + "-x7k2p";
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod
                        + "/log?pretty=false&container=cell&limitBytes=65536")
                .andReturn(200, "loading backbone\n[" + CellIds.of(cell) + "] start attempt 1 on gpu(0) "
                        + "tracking-run-id: 0a1b2c3d4e\nepoch 1/50\n").always();
        SweepSpec one = new SweepSpec(SWEEP.sweepId(), SWEEP.experiment(), List.of(cell));
        Future<List<CellResult>> run = pool.submit(() -> runner(null).run(one));
        Job job = awaitJob(cell);
        startPod(cell, Map.of("phase", "Succeeded"));
        setStatus(job, "Complete", null, null, Map.of());

        assertThat(run.get(20, TimeUnit.SECONDS).get(0).trackingRunId()).isEqualTo("0a1b2c3d4e");
    }
}
