package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.StandardTags;
import dev.bioprompt.tracking.TrackerFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * Promotes two registry versions into the real server's model registry as {@code bioprompt promote} does, checks
     * the registered model, the versions' sources, run ids, tags and the alias through the REST API, then rolls the
     * alias back to the first version.
     */
    @Test
    void promotesIntoTheModelRegistryAndRollsBack() throws Exception {
        String experiment = "bioprompt-live-" + UUID.randomUUID();
        String name = "bioprompt-live-" + UUID.randomUUID().toString().substring(0, 8);
        URI server = URI.create(System.getenv("MLFLOW_TRACKING_URI"));
        try (Tracker tracker = TrackerFactory.fromUri(server.toString(), tmp.resolve("mlruns"),
                withSpool(System.getenv()))) {
            List<String> runs = new ArrayList<>();
            List<PromptSet> sets = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                try (TrackedRun run = tracker.startRun(new RunRequest(experiment, "cell-" + i, null, Map.of()))) {
                    PromptSet set = promptSet(run.runId(), i);
                    Path folder = tmp.resolve("artifacts-" + i);
                    set.writeTo(folder.resolve("prompt-set"));
                    run.logArtifact(folder, "");
                    run.finish(RunStatus.FINISHED);
                    runs.add(run.runId());
                    sets.add(set);
                }
            }
            MlflowCredentials credentials = MlflowCredentials.fromEnvironment(System.getenv());
            ModelRegistryMirror mirror = new ModelRegistryMirror(MlflowModelRegistryClient.create(server,
                    credentials));
            List<RegistryVersion> versions = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                RegistryVersion version = new RegistryVersion(name, i, tmp.resolve("registry/" + name + "/versions/"
                        + i).toUri().toString(), runs.get(i - 1), "2026-12-07T00:00:00Z");
                versions.add(version);
                mirror.ensureVersion(version, sets.get(i - 1), runs.get(i - 1), "production");
                mirror.moveAlias(version, "production");
                // promoting again repairs nothing and creates nothing
                mirror.ensureVersion(version, sets.get(i - 1), runs.get(i - 1), "production");
            }
            MlflowRestClient rest = new MlflowRestClient(server, credentials, Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
            JsonNode model = rest.get("registered-models/get", Map.of("name", name), RetryPolicy.defaults())
                    .path("registered_model");
            assertThat(model.path("name").asText()).isEqualTo(name);
            for (int i = 1; i <= 2; i++) {
                JsonNode mv = rest.get("model-versions/get", Map.of("name", name, "version", Integer.toString(i)),
                        RetryPolicy.defaults()).path("model_version");
                assertThat(mv.path("source").asText()).isEqualTo("runs:/" + runs.get(i - 1) + "/prompt-set");
                assertThat(mv.path("run_id").asText()).isEqualTo(runs.get(i - 1));
                assertThat(mv.path("tags").toString()).contains(ModelRegistryMirror.VERSION_TAG,
                        PromptSet.sha256(sets.get(i - 1).manifestBytes()), "production");
            }
            assertThat(rest.get("model-versions/search", Map.of("filter", "name='" + name + "'"),
                    RetryPolicy.defaults()).path("model_versions")).hasSize(2);
            assertThat(alias(rest, name)).isEqualTo("2");
            mirror.moveAlias(versions.get(0), "production"); // bioprompt registry rollback
            assertThat(alias(rest, name)).isEqualTo("1");
        }
    }

    private static String alias(MlflowRestClient rest, String name) {
        return rest.get("registered-models/alias", Map.of("name", name, "alias", "production"),
                RetryPolicy.defaults()).path("model_version").path("version").asText();
    }

    private static PromptSet promptSet(String runId, int i) {
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, "coop",
                Map.of("n-ctx", "4"), "biomedclip-live", "btmri", List.of("glioma", "meningioma"),
                List.of("a photo of a {}."), Map.of("accuracy", 80.0 + i), runId, "2026-12-07T00:00:00Z", Map.of());
        return new PromptSet(manifest, Map.of("ctx", new Tensor(new long[] {2}, new float[] {i, i + 1f})));
    }

    private Map<String, String> withSpool(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put("BIOPROMPT_TRACKING_SPOOL", tmp.resolve("spool").toString());
        return copy;
    }
}
