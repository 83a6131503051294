package dev.bioprompt.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.file.FileStoreTracker;
import dev.bioprompt.tracking.mlflow.MlflowTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void choosesTheStoreFromTheUri() throws Exception {
        Path mlruns = tmp.resolve("mlruns");
        try (Tracker t = TrackerFactory.fromUri(null, mlruns)) {
            assertThat(t).isInstanceOf(FileStoreTracker.class);
            assertThat(Files.exists(mlruns.resolve("0/meta.yaml"))).isTrue();
        }
        try (Tracker t = TrackerFactory.fromUri("  ", mlruns)) {
            assertThat(((FileStoreTracker) t).root()).isEqualTo(mlruns.toAbsolutePath());
        }
        Path other = tmp.resolve("other");
        try (Tracker t = TrackerFactory.fromUri(other.toUri().toString(), mlruns)) {
            assertThat(((FileStoreTracker) t).root()).isEqualTo(other.toAbsolutePath());
        }
        try (Tracker t = TrackerFactory.fromUri(tmp.resolve("plain").toString(), mlruns)) {
            assertThat(t.uri()).startsWith("file:").endsWith("/plain");
        }
        try (Tracker t = TrackerFactory.fromUri("http://127.0.0.1:1/", mlruns,
                Map.of("BIOPROMPT_TRACKING_SPOOL", tmp.resolve("spool").toString()))) {
            assertThat(t).isInstanceOf(MlflowTracker.class);
            assertThat(t.uri()).isEqualTo("http://127.0.0.1:1");
            assertThat(((MlflowTracker) t).spoolDir()).startsWithRaw(tmp.resolve("spool"));
        }
        assertThatThrownBy(() -> TrackerFactory.fromUri("databricks://profile", mlruns))
                .hasMessageContaining("Unsupported tracking URI 'databricks://profile'");
    }
}
