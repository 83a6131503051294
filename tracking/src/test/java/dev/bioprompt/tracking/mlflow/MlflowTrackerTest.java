package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.StandardTags;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowTrackerTest {
    @TempDir
    Path tmp;

    private final RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5));
    private InProcessMlflowServer server;
    private MlflowTracker tracker;

    @BeforeEach
    void setUp() {
        server = new InProcessMlflowServer().start();
        tracker = MlflowTracker.builder(server.uri())
                .spoolDir(tmp.resolve("spool"))
                .retry(retry)
                .replayInterval(Duration.ZERO)
                .closeTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        server.stop();
    }

    @Test
    void roundTripsParamsMetricsTagsAndArtifacts() throws Exception {
        Path file = Files.writeString(tmp.resolve("prompts.json"), "{\"ctx\": 4}");
        Path folder = Files.createDirectories(tmp.resolve("plots"));
        Files.writeString(folder.resolve("loss.svg"), "<svg/>");
        Files.createDirectories(folder.resolve("per class"));
        Files.writeString(folder.resolve("per class").resolve("glioma.txt"), "0.91");

        String runId;
        try (TrackedRun run = tracker.startRun(new RunRequest("btmri", "coop-BTMRI-16shot-seed1", null,
                StandardTags.builder().sourceName("experiments/btmri.yaml").build()))) {
            runId = run.runId();
            run.logParams(Map.of("method", "coop", "optim.lr", "0.002"));
            run.logMetrics(Map.of("train/loss", 1.5, "train/acc", 0.25), 1);
            run.logMetrics(Map.of("train/loss", 0.5, "train/acc", 0.75), 2);
            run.logMetrics(Map.of("test/nan", Double.NaN), 2);
            run.setTags(Map.of("dataset", "BTMRI"));
            run.logArtifact(file, "");
            run.logArtifact(folder, "plots");
        }

        InProcessMlflowServer.StoredRun stored = server.run(runId).orElseThrow();
        assertThat(stored.params()).containsExactlyInAnyOrderEntriesOf(Map.of("method", "coop", "optim.lr", "0.002"));
        assertThat(stored.metrics()).hasSize(5);
        assertThat(stored.tags()).containsEntry("dataset", "BTMRI")
                .containsEntry(StandardTags.RUN_NAME, "coop-BTMRI-16shot-seed1")
                .containsEntry(StandardTags.SOURCE_NAME, "experiments/btmri.yaml")
                .containsKey(StandardTags.CORRELATION_ID);
        assertThat(stored.status()).isEqualTo("FINISHED");
        assertThat(stored.endTime()).isNotNull();

        String root = stored.artifactUri().substring("mlflow-artifacts:/".length());
        assertThat(server.artifactPaths()).containsExactlyInAnyOrder(
                root + "/prompts.json", root + "/plots/loss.svg", root + "/plots/per class/glioma.txt");
        assertThat(new String(server.artifact(root + "/prompts.json").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ctx\": 4}");
        assertThat(new String(server.artifact(root + "/plots/per class/glioma.txt").orElseThrow(),
                StandardCharsets.UTF_8)).isEqualTo("0.91");

        RunRecord record = tracker.getRun(runId).orElseThrow();
        assertThat(record.runName()).isEqualTo("coop-BTMRI-16shot-seed1");
        assertThat(record.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(record.metrics()).containsEntry("train/loss", 0.5).containsEntry("train/acc", 0.75);
        assertThat(record.metrics().get("test/nan")).isNaN();
        assertThat(record.params()).containsEntry("method", "coop");

        assertThat(tracker.metricHistory(runId, "train/loss")).extracting(MetricPoint::value).containsExactly(1.5, 0.5);
        assertThat(tracker.getRun("0123456789abcdef0123456789abcdef")).isEmpty();
    }

    @Test
    void namesEveryExperimentAcrossPagesOfTheSearch() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 1002; i++) {
            String name = String.format(Locale.ROOT, "exp-%04d", i);
            server.createExperiment(name);
            created.add(name);
        }
        int before = server.requestCount("experiments/search");
        List<String> expected = new ArrayList<>(created);
        expected.add("Default");
        assertThat(tracker.experimentNames()).isSorted().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(server.requestCount("experiments/search") - before).as("pages of 1000").isEqualTo(2);
    }

    @Test
    void listsRunsNewestFirstThroughTheJavaClient() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (TrackedRun run = tracker.startRun(new RunRequest("sweep", "run-" + i, null, Map.of()))) {
                run.logMetrics(Map.of("acc", i / 10.0), 0);
            }
            Thread.sleep(2);
        }
        List<RunRecord> runs = tracker.listRuns("sweep");
        assertThat(runs).extracting(RunRecord::runName).containsExactly("run-2", "run-1", "run-0");
        assertThat(runs.get(0).metrics()).containsEntry("acc", 0.2);
        assertThat(tracker.listRuns("no-such-experiment")).isEmpty();
    }

    @Test
    void splitsLargeLogsIntoBatchesWithinTheServerLimits() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < 2500; i++) {
            metrics.put("class/c" + i, i * 0.001);
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            params.put("p" + i, "v" + i);
        }
        String runId;
        try (TrackedRun run = tracker.startRun(new RunRequest("big", "big", null, Map.of()))) {
            runId = run.runId();
            int before = server.requestCount("runs/log-batch");
            run.logMetrics(metrics, 3);
            assertThat(server.requestCount("runs/log-batch") - before).isEqualTo(3);
            run.logParams(params);
            assertThat(server.requestCount("runs/log-batch") - before).isEqualTo(5);
        }
        InProcessMlflowServer.StoredRun stored = server.run(runId).orElseThrow();
        assertThat(stored.metrics()).hasSize(2500);
        assertThat(stored.params()).hasSize(150);
    }

    @Test
    void rejectsBadKeysAndChangedParamsWithClearErrors() {
        try (TrackedRun run = tracker.startRun(new RunRequest("bad", "bad", null, Map.of()))) {
            assertThatThrownBy(() -> run.logMetrics(Map.of("bad key!", 1.0), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid metric name 'bad key!'")
                    .hasMessageContaining("alphanumerics");
            assertThatThrownBy(() -> run.logParams(Map.of("a".repeat(251), "x")))
                    .hasMessageContaining("251 characters, at most 250");
            assertThatThrownBy(() -> run.setTags(Map.of("../up", "x"))).hasMessageContaining("normalized");
            run.logParams(Map.of("lr", "0.1"));
            run.logParams(Map.of("lr", "0.1"));
            assertThatThrownBy(() -> run.logParams(Map.of("lr", "0.2")))
                    .hasMessageContaining("Changing param values is not allowed").hasMessageContaining("'lr'");
            run.logParams(Map.of("long", "x".repeat(7000)));
            assertThat(server.run(run.runId()).orElseThrow().params().get("long")).hasSize(6000);
        }
    }

    @Test
    void surfacesServerValidationErrorsWithoutRetrying() {
        MlflowRestClient rest = tracker.restClient();
        int before = server.requestCount("runs/log-batch");
        assertThatThrownBy(() -> rest.post("runs/log-batch",
                "{\"run_id\":\"0123456789abcdef0123456789abcdef\",\"metrics\":[]}", RetryPolicy.defaults()))
                .isInstanceOf(MlflowApiException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST")
                .hasMessageContaining("0123456789abcdef0123456789abcdef");
        assertThat(server.requestCount("runs/log-batch") - before).isEqualTo(1);

        String runId = tracker.startRun(new RunRequest("v", "v", null, Map.of())).runId();
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            metrics.append(i == 0 ? "" : ",").append("{\"key\":\"m").append(i).append("\",\"value\":1,\"timestamp\":1}");
        }
        assertThatThrownBy(() -> rest.post("runs/log-batch",
                "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}", RetryPolicy.defaults()))
                .isInstanceOf(MlflowApiException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE").hasMessageContaining("at most 1000 metrics");
    }

    @Test
    void retriesServerErrorsButNotMore() {
        String runId = tracker.startRun(new RunRequest("r", "r", null, Map.of())).runId();
        server.failNextRequests(1, 503);
        assertThat(tracker.restClient().get("runs/get", Map.of("run_id", runId), retry)
                .path("run").path("info").path("run_id").asText()).isEqualTo(runId);
    }

    @Test
    void sendsBearerCredentialsFromTheEnvironment() {
        server.requireAuthorization("Bearer s3cret");
        try (MlflowTracker authed = MlflowTracker.builder(server.uri()).spoolDir(tmp.resolve("spool2"))
                .fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "s3cret")).build()) {
            try (TrackedRun run = authed.startRun(new RunRequest("auth", "auth", null, Map.of()))) {
                run.logParams(Map.of("a", "b"));
            }
            assertThat(server.runsOf("auth")).hasSize(1);
            assertThat(authed.listRuns("auth")).hasSize(1);
        }
        assertThat(MlflowCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "s3cret")).toString())
                .doesNotContain("s3cret");
        assertThat(MlflowCredentials.basic("u", "pw").authorizationHeader()).contains("Basic dTpwdw==");
    }

    @Test
    void childRunsPointAtTheirParent() {
        try (TrackedRun parent = tracker.startRun(new RunRequest("sweep", "parent", null, Map.of()));
             TrackedRun child = tracker.startRun(new RunRequest("sweep", "child", parent.runId(), Map.of()))) {
            assertThat(server.run(child.runId()).orElseThrow().tags())
                    .containsEntry(StandardTags.PARENT_RUN_ID, parent.runId());
        }
    }
}
