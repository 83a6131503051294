package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactUploaderTest {
    @TempDir
    Path tmp;

    @Test
    void buildsProxiedArtifactUrlsHonouringANetloc() {
        URI tracking = URI.create("https://mlflow.example.org/prefix");
        assertThat(ArtifactUploader.proxiedUri(tracking, URI.create("mlflow-artifacts:/3/abc/artifacts"), "a b/c.txt"))
                .hasToString("https://mlflow.example.org/prefix/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/a%20b/c.txt");
        assertThat(ArtifactUploader.proxiedUri(tracking, URI.create("mlflow-artifacts://other:5001/3/abc/artifacts"),
                "c.txt")).hasToString("https://other:5001/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/c.txt");
    }

    @Test
    void copiesToFileArtifactLocations() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("artifact-store"));
        try (InProcessMlflowServer server = new InProcessMlflowServer().start()) {
            server.artifactRoot(store.toUri().toString());
            try (MlflowTracker tracker = MlflowTracker.builder(server.uri()).spoolDir(tmp.resolve("spool"))
                    .closeTimeout(Duration.ofSeconds(1)).build()) {
                Path file = Files.writeString(tmp.resolve("m.txt"), "model");
                String runId;
                try (TrackedRun run = tracker.startRun(new RunRequest("files", "r", null, Map.of()))) {
                    runId = run.runId();
                    run.logArtifact(file, "model");
                }
                String artifactUri = tracker.getRun(runId).orElseThrow().artifactUri();
                assertThat(artifactUri).startsWith("file:");
                assertThat(Files.readString(Path.of(URI.create(artifactUri + "/model/m.txt")))).isEqualTo("model");
                assertThat(server.requestCount("mlflow-artifacts")).isZero();
            }
        }
    }
}
