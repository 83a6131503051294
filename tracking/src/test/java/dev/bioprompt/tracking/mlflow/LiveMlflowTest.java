package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.StandardTags;
import dev.bioprompt.tracking.TrackerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** Against a real MLflow server (2.17 or 3.x): runs only when {@code MLFLOW_TRACKING_URI} is set. */
@EnabledIfEnvironmentVariable(named = "MLFLOW_TRACKING_URI", matches = "https?://.+")
class LiveMlflowTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsARunThroughARealServer() throws Exception {
        String experiment = "bioprompt-live-" + UUID.randomUUID();
        Path artifact = Files.writeString(tmp.resolve("prompts.json"), "{\"live\": true}");
        try (Tracker tracker = TrackerFactory.fromUri(System.getenv("MLFLOW_TRACKING_URI"), tmp.resolve("mlruns"),
                withSpool(System.getenv()))) {
            String runId;
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = 0; i < 1200; i++) {
                metrics.put("class/c" + i, i / 1200.0);
            }
            try (TrackedRun run = tracker.startRun(new RunRequest(experiment, "live-run", null,
                    StandardTags.builder().sourceName("LiveMlflowTest").build()))) {
                runId = run.runId();
                run.logParams(Map.of("lr", "0.002", "long", "x".repeat(6100)));
                run.logMetrics(metrics, 1);
                run.logMetrics(Map.of("loss", 0.5), 2);
                run.setTags(Map.of("live", "yes"));
                run.logArtifact(artifact, "prompt_set");
            }
            RunRecord record = tracker.getRun(runId).orElseThrow();
            assertThat(record.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(record.params()).containsEntry("lr", "0.002");
            assertThat(record.params().get("long")).hasSize(6000);
            assertThat(record.metrics()).hasSize(1201).containsEntry("loss", 0.5);
            assertThat(record.tags()).containsEntry("live", "yes");
            List<RunRecord> runs = tracker.listRuns(experiment);
            assertThat(runs).extracting(RunRecord::runId).containsExactly(runId);
            MlflowTracker mlflow = (MlflowTracker) tracker;
            assertThat(mlflow.metricHistory(runId, "loss")).hasSize(1);
            var files = mlflow.restClient().get("artifacts/list", Map.of("run_id", runId, "path", "prompt_set"),
                    RetryPolicy.defaults()).path("files");
            assertThat(files.toString()).contains("prompts.json");
        }
    }

    private Map<String, String> withSpool(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put("BIOPROMPT_TRACKING_SPOOL", tmp.resolve("spool").toString());
        return copy;
    }
}
