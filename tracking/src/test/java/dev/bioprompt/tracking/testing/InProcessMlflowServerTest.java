package dev.bioprompt.tracking.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.tracking.mlflow.MlflowApiException;
import dev.bioprompt.tracking.mlflow.MlflowCredentials;
import dev.bioprompt.tracking.mlflow.MlflowRestClient;
import dev.bioprompt.tracking.mlflow.RetryPolicy;
import dev.bioprompt.tracking.mlflow.TrackingUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server rejects what a real MLflow server rejects, with the same status and error code. */
class InProcessMlflowServerTest {
    private InProcessMlflowServer server;
    private MlflowRestClient rest;
    private String runId;

    @BeforeEach
    void setUp() {
        server = new InProcessMlflowServer().start();
        rest = new MlflowRestClient(server.uri(), MlflowCredentials.none(), Duration.ofSeconds(2), Duration.ofSeconds(5));
        String experimentId = post("experiments/create", "{\"name\":\"e\"}").path("experiment_id").asText();
        runId = post("runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"run_name\":\"r\",\"start_time\":1}")
                .path("run").path("info").path("run_id").asText();
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    @Test
    void validatesLikeMlflow() {
        assertRejected("runs/log-parameter", "{\"run_id\":\"" + "f".repeat(32) + "\",\"key\":\"k\",\"value\":\"v\"}",
                404, "RESOURCE_DOES_NOT_EXIST");
        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":\"v\"}");
        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":\"v\"}");
        assertRejected("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":\"w\"}",
                400, "INVALID_PARAMETER_VALUE");
        assertRejected("runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"bad key!\",\"value\":\"v\"}",
                400, "INVALID_PARAMETER_VALUE");
        assertRejected("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"" + "k".repeat(251)
                + "\",\"value\":1,\"timestamp\":1}", 400, "INVALID_PARAMETER_VALUE");
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            params.append(i == 0 ? "" : ",").append("{\"key\":\"p").append(i).append("\",\"value\":\"v\"}");
        }
        assertRejected("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[" + params + "]}",
                400, "INVALID_PARAMETER_VALUE");
        String big = "x".repeat(1_000_001);
        assertRejected("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"tags\":[{\"key\":\"t\",\"value\":\"" + big
                + "\"}]}", 400, "INVALID_PARAMETER_VALUE");
        assertRejected("experiments/create", "{\"name\":\"e\"}", 400, "RESOURCE_ALREADY_EXISTS");

        post("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"long\",\"value\":\"" + "y".repeat(6001) + "\"}");
        assertThat(server.run(runId).orElseThrow().params().get("long")).hasSize(6000);
    }

    @Test
    void searchesExperimentsPageByPage() {
        for (int i = 0; i < 4; i++) {
            post("experiments/create", "{\"name\":\"x" + i + "\"}");
        }
        JsonNode first = post("experiments/search", "{\"max_results\":4,\"view_type\":\"ACTIVE_ONLY\"}");
        assertThat(first.path("experiments")).hasSize(4);
        String token = first.path("next_page_token").asText();
        assertThat(token).isNotEmpty();
        JsonNode second = post("experiments/search", "{\"max_results\":\"4\",\"page_token\":\"" + token + "\"}");
        assertThat(second.path("experiments")).hasSize(2);
        assertThat(second.has("next_page_token")).isFalse();
        List<String> names = new ArrayList<>();
        first.path("experiments").forEach(e -> names.add(e.path("name").asText()));
        second.path("experiments").forEach(e -> names.add(e.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("Default", "e", "x0", "x1", "x2", "x3");
        assertThat(post("experiments/search", "{\"view_type\":\"DELETED_ONLY\"}").has("experiments")).isFalse();
        assertThat(post("experiments/search", "{}").path("experiments")).hasSize(6);

        assertRejected("experiments/search", "{\"max_results\":0}", 400, "INVALID_PARAMETER_VALUE");
        assertRejected("experiments/search", "{\"max_results\":50001}", 400, "INVALID_PARAMETER_VALUE");
        assertRejected("experiments/search", "{\"max_results\":\"many\"}", 400, "INVALID_PARAMETER_VALUE");
        assertRejected("experiments/search", "{\"view_type\":\"SOME\"}", 400, "INVALID_PARAMETER_VALUE");
        assertRejected("experiments/search", "{\"page_token\":\"not-a-token\"}", 400, "INVALID_PARAMETER_VALUE");
    }

    /** The source rules of MLflow's model-versions/create, case by case. */
    @Test
    void modelVersionSourcesFollowMlflowRules(@TempDir Path tmp) throws Exception {
        post("registered-models/create", "{\"name\":\"m\"}");
        String proxied = "mlflow-artifacts:/1/" + runId + "/artifacts/prompt-set";
        // accepted: runs:/ and object-store URIs, with or without a run id; the run id is not looked up for them
        for (String source : List.of("runs:/" + runId + "/prompt-set", "s3://bucket/registry/btmri/versions/1",
                proxied, "s3://bucket/a/b/", "https://host/api/2.0/mlflow-artifacts/artifacts/1/x")) {
            assertThat(createVersion(source, runId).path("model_version").path("source").asText()).isEqualTo(source);
        }
        createVersion("s3://bucket/x", "f".repeat(32));
        // refused: relative path references, an empty path, and local paths outside the run's artifact folder
        for (String source : List.of("s3://bucket/a/../b", "runs:/" + runId + "/./prompt-set", "s3://bucket",
                "mlflow-artifacts:/1/%2e%2e/%2e%2e/etc", "runs:")) {
            assertSourceRefused(source, runId, "absolute path must be provided");
        }
        Path registryVersion = Files.createDirectories(tmp.resolve("registry/btmri/versions/1"));
        // the source an earlier mirror sent: a file: URI of a folder registry, with the run of an mlflow-artifacts run
        assertSourceRefused(registryVersion.toUri().toString(), runId,
                "has to be contained within the artifact directory of the run");
        assertSourceRefused(registryVersion.toUri().toString(), "", "the run_id request parameter has to be specified");
        assertSourceRefused("/etc/passwd", "", "the run_id request parameter has to be specified");
        assertSourceRefused("relative/path", runId, "has to be contained within the artifact directory");
        assertRejected("model-versions/create", "{\"name\":\"m\",\"source\":\"" + registryVersion.toUri()
                + "\",\"run_id\":\"" + "e".repeat(32) + "\"}", 404, "RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> post("model-versions/create", "{\"name\":\"m\",\"source\":\"file://fileserver/x\"}"))
                .hasMessageContaining("500");
        // a local path inside the run's own artifact folder is fine
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        server.artifactRoot(artifacts.toUri().toString());
        String experimentId = post("experiments/create", "{\"name\":\"local\"}").path("experiment_id").asText();
        JsonNode info = post("runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"start_time\":1}")
                .path("run").path("info");
        String localRun = info.path("run_id").asText();
        String artifactUri = info.path("artifact_uri").asText();
        assertThat(artifactUri).startsWith("file:");
        createVersion(artifactUri + "/prompt-set", localRun);
        assertSourceRefused(artifactUri + "/../other", localRun,
                "has to be contained");
        // a server that pins sources with MLFLOW_CREATE_MODEL_VERSION_SOURCE_VALIDATION_REGEX
        server.sourceValidationRegex("^s3://");
        assertSourceRefused("runs:/" + runId + "/prompt-set", runId, "Invalid model version source");
        createVersion("s3://bucket/y", "");
        // names and tags
        assertRejected("registered-models/create", "{\"name\":\"a/b\"}", 400, "INVALID_PARAMETER_VALUE");
        assertRejected("model-versions/create", "{\"name\":\"m\",\"source\":\"s3://b/k\",\"tags\":[{\"key\":"
                + "\"bad key!\",\"value\":\"v\"}]}", 400, "INVALID_PARAMETER_VALUE");
        post("model-versions/set-tag", "{\"name\":\"m\",\"version\":\"1\",\"key\":\"k\",\"value\":\"v\"}");
        assertThat(rest.get("model-versions/get", Map.of("name", "m", "version", "1"), RetryPolicy.once())
                .path("model_version").path("tags").toString()).contains("\"k\"");
    }

    private JsonNode createVersion(String source, String run) {
        return post("model-versions/create", "{\"name\":\"m\",\"source\":\"" + source + "\""
                + (run.isEmpty() ? "" : ",\"run_id\":\"" + run + "\"") + "}");
    }

    private void assertSourceRefused(String source, String run, String message) {
        assertThatThrownBy(() -> createVersion(source, run)).as(source)
                .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void keepsDataAndPortAcrossARestart() {
        var uri = server.uri();
        server.stop();
        assertThatThrownBy(() -> rest.get("runs/get", Map.of("run_id", runId), RetryPolicy.once()))
                .isInstanceOf(TrackingUnavailableException.class);
        server.restart();
        assertThat(server.uri()).isEqualTo(uri);
        assertThat(rest.get("runs/get", Map.of("run_id", runId), RetryPolicy.once())
                .path("run").path("info").path("run_name").asText()).isEqualTo("r");
    }

    private JsonNode post(String path, String body) {
        return rest.post(path, body, RetryPolicy.once());
    }

    private void assertRejected(String path, String body, int status, String errorCode) {
        assertThatThrownBy(() -> post(path, body)).isInstanceOfSatisfying(MlflowApiException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.errorCode()).isEqualTo(errorCode);
        });
    }
}
