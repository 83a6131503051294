package dev.bioprompt.runners.cell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.file.FileStoreTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinalMetricsOnceTest {

    @TempDir
    Path dir;

    private static List<String> lines(Path mlruns, String runId, String metric) throws Exception {
        try (var files = Files.walk(mlruns)) {
            Path file = files.filter(p -> p.endsWith(Path.of(runId, "metrics", metric))).findFirst().orElseThrow();
            return Files.readAllLines(file);
        }
    }

    @Test
    void aResumedRunLogsItsFinalMetricsOnceAndANewRunLogsItsOwn() throws Exception {
        FileStoreTracker tracker = new FileStoreTracker(dir.resolve("mlruns"));
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoint"));
        TrackedRun run = tracker.startRun(new RunRequest("e", "cell", null, Map.of()));

        FinalMetricsOnce first = FinalMetricsOnce.of(run, checkpoints);
        first.logMetrics(Map.of("loss", 0.5), 1);
        first.logMetrics(Map.of("accuracy", 70.0), 0);
        FinalMetricsOnce.markLogged(checkpoints, run.runId());
        // killed after logging, resumed: the evaluation runs again
        FinalMetricsOnce resumed = FinalMetricsOnce.of(tracker.resumeRun(run.runId()), checkpoints);
        resumed.logMetrics(Map.of("loss", 0.4), 2);
        resumed.logMetrics(Map.of("accuracy", 70.0), 0);

        assertThat(lines(dir.resolve("mlruns"), run.runId(), "accuracy")).hasSize(1);
        assertThat(lines(dir.resolve("mlruns"), run.runId(), "loss")).hasSize(2);

        TrackedRun retry = tracker.startRun(new RunRequest("e", "cell", null, Map.of()));
        FinalMetricsOnce.of(retry, checkpoints).logMetrics(Map.of("accuracy", 71.0), 0);
        assertThat(lines(dir.resolve("mlruns"), retry.runId(), "accuracy")).hasSize(1);
    }
}
