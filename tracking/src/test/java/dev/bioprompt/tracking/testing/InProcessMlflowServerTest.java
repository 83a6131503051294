package dev.bioprompt.tracking.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.tracking.mlflow.MlflowApiException;
import dev.bioprompt.tracking.mlflow.MlflowCredentials;
import dev.bioprompt.tracking.mlflow.MlflowRestClient;
import dev.bioprompt.tracking.mlflow.RetryPolicy;
import dev.bioprompt.tracking.mlflow.TrackingUnavailableException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
