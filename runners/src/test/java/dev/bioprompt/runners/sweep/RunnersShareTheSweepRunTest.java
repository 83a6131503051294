package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.kubernetes.CellJobFactory;
import dev.bioprompt.runners.kubernetes.KubernetesRunner;
import dev.bioprompt.runners.kubernetes.KubernetesRunnerConfig;
import dev.bioprompt.runners.local.LocalRunner;
import dev.bioprompt.runners.testkit.FileTestTracker;
import dev.bioprompt.runners.testkit.FileTestTracker.StoredRun;
import dev.bioprompt.runners.testkit.WorkingCellExecutor;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local and the Kubernetes runner (against the fabric8 mock API server, the test playing the Job controller) give
 * the sweep's parent run the same status, the same tags and the same results table for the same cell outcomes.
 */
@EnableKubernetesMockClient(crud = true)
class RunnersShareTheSweepRunTest {
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "parity-test",
            "method", "coop", "dataset", "btmri", "shots", 4, "seeds", List.of(1, 2)), "parity-test");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    /** The mock server logs every request through java.util.logging; keep the logger (and its level) alive. */
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    static KubernetesClient client;

    private final String ns = "parity-" + NAMESPACES.incrementAndGet();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "FINISHED, FINISHED, FINISHED",
        "FINISHED, FAILED, FAILED",
        "FINISHED, KILLED, KILLED",
        "FAILED, KILLED, KILLED"})
    void bothRunnersEndTheParentRunAlikeForTheSameCellOutcomes(RunStatus first, RunStatus second,
                                                              RunStatus expected) throws Exception {
        Map<JobSpec, RunStatus> outcomes = Map.of(SWEEP.cells().get(0), first, SWEEP.cells().get(1), second);

        FileTestTracker localTracker = new FileTestTracker(dir.resolve("local-mlruns"));
        List<CellResult> local = new LocalRunner(dir.resolve("local-runs"), localTracker, (cell, ctx) ->
                switch (outcomes.get(cell)) {
                    case FAILED -> throw new IllegalStateException("loss is NaN");
                    case KILLED -> new CellResult(cell, RunStatus.KILLED, ctx.run().runId(), Map.of(), "stopped");
                    default -> new WorkingCellExecutor(1, 1).execute(cell, ctx);
                }, List.of(Device.cpu()), line -> { }).run(SWEEP);
        StoredRun localParent = parent(localTracker);

        FileTestTracker k8sTracker = new FileTestTracker(dir.resolve("k8s-mlruns"));
        KubernetesRunnerConfig config = KubernetesRunnerConfig.builder(ns, "bioprompt/cell:test")
                .pollInterval(Duration.ofMillis(20)).build();
        KubernetesRunner kubernetes = new KubernetesRunner(client, config, k8sTracker, dir.resolve("k8s-runs"),
                line -> { });
        Future<List<CellResult>> k8sRun = pool.submit(() -> kubernetes.run(SWEEP));
        for (JobSpec cell : SWEEP.cells()) {
            playJobController(cell, outcomes.get(cell));
        }
        List<CellResult> k8s = k8sRun.get(30, TimeUnit.SECONDS);
        StoredRun k8sParent = parent(k8sTracker);

        assertThat(local).extracting(CellResult::status).containsExactly(first, second);
        assertThat(k8s).extracting(CellResult::status).containsExactly(first, second);
        assertThat(localParent.status()).isEqualTo(expected);
        assertThat(k8sParent.status()).isEqualTo(expected);
        assertThat(k8sParent.runName()).isEqualTo(localParent.runName()).isEqualTo(SWEEP.sweepId());
        Map<String, String> localTags = new HashMap<>(localParent.tags());
        Map<String, String> k8sTags = new HashMap<>(k8sParent.tags());
        assertThat(localTags.remove(SweepParentRun.RUNNER_TAG)).isEqualTo("local");
        assertThat(k8sTags.remove(SweepParentRun.RUNNER_TAG)).isEqualTo("kubernetes");
        assertThat(k8sTags).isEqualTo(localTags)
                .containsEntry(SweepCellRunner.SWEEP_TAG, SWEEP.sweepId())
                .containsEntry("mlflow.runName", SWEEP.sweepId())
                .containsEntry("mlflow.source.name", "bioprompt parity-test")
                .containsKeys("mlflow.source.type", "bioprompt.version");
        List<String> table = expected == RunStatus.FINISHED
                ? List.of("summary/results.csv", "summary/results.json") : List.of();
        assertThat(localTracker.artifacts(localParent.runId())).isEqualTo(table);
        assertThat(k8sTracker.artifacts(k8sParent.runId())).isEqualTo(table);
    }

    private static StoredRun parent(FileTestTracker tracker) {
        List<StoredRun> parents = tracker.storedRuns().stream().filter(r -> r.parentRunId() == null
                && !r.tags().containsKey(SweepCellRunner.CELL_TAG)).toList();
        assertThat(parents).hasSize(1);
        return parents.get(0);
    }

    /** Ends a cell's Job as the cluster would: succeeded, failed, or deleted before it finished. */
    private void playJobController(JobSpec cell, RunStatus outcome) throws InterruptedException {
        String name = CellJobFactory.jobName(SWEEP.sweepId(), CellIds.of(cell));
        Job job = awaitJob(name);
        if (outcome == RunStatus.KILLED) {
            client.batch().v1().jobs().inNamespace(ns).withName(name).delete();
            return;
        }
        boolean succeeded = outcome == RunStatus.FINISHED;
        if (succeeded) {
            job = client.batch().v1().jobs().inNamespace(ns).withName(name).edit(j -> {
                j.getMetadata().getAnnotations().put(CellJobFactory.TRACKING_RUN_ANNOTATION, "run-" + cell.seed());
                return j;
            });
        }
        job.setStatus(new JobStatusBuilder().withActive(0).addToConditions(new JobConditionBuilder()
                .withType(succeeded ? "Complete" : "Failed").withStatus("True").build())
                .withSucceeded(succeeded ? 1 : 0).withFailed(succeeded ? 0 : 1).build());
        client.batch().v1().jobs().inNamespace(ns).resource(job).updateStatus();
    }

    private Job awaitJob(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            if (job != null) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no Job " + name);
    }
}
