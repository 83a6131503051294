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
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

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

    @Test
    void uploadsToS3WithTheMlflowEndpointPathStyle() throws Exception {
        Properties properties = new Properties();
        properties.setProperty(Constants.PROPERTY_IDENTITY, "test-access");
        properties.setProperty(Constants.PROPERTY_CREDENTIAL, "test-secret");
        BlobStore store = BlobStores.create("transient", properties);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, "test-access", "test-secret").stopTimeout(0).build();
        proxy.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            store.createContainer("mlflow");
            String endpoint = "http://127.0.0.1:" + proxy.getPort();
            Map<String, String> env = Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "test-access",
                    "AWS_SECRET_ACCESS_KEY", "test-secret", "AWS_REGION", "us-east-1");
            Path folder = Files.createDirectories(tmp.resolve("prompt_set"));
            Files.writeString(folder.resolve("manifest.json"), "{}");
            Files.writeString(Files.createDirectories(folder.resolve("sub")).resolve("t.bin"), "tensor");
            try (InProcessMlflowServer server = new InProcessMlflowServer().start()) {
                server.artifactRoot("s3://mlflow/artifacts");
                String runId;
                String artifactUri;
                try (MlflowTracker tracker = MlflowTracker.builder(server.uri()).spoolDir(tmp.resolve("spool"))
                        .environment(env).closeTimeout(Duration.ofSeconds(1)).build()) {
                    try (TrackedRun run = tracker.startRun(new RunRequest("s3", "r", null, Map.of()))) {
                        runId = run.runId();
                        run.logArtifact(folder, "prompt_set");
                    }
                    artifactUri = tracker.getRun(runId).orElseThrow().artifactUri();
                }
                assertThat(artifactUri).startsWith("s3://mlflow/artifacts/");
                String prefix = artifactUri.substring("s3://mlflow/".length());
                try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("test-access", "test-secret"))).build()) {
                    assertThat(s3.getObjectAsBytes(b -> b.bucket("mlflow").key(prefix + "/prompt_set/sub/t.bin"))
                            .asUtf8String()).isEqualTo("tensor");
                    assertThat(s3.getObjectAsBytes(b -> b.bucket("mlflow").key(prefix + "/prompt_set/manifest.json"))
                            .asUtf8String()).isEqualTo("{}");
                }
            }
        } finally {
            proxy.stop();
            store.close();
        }
    }
}
