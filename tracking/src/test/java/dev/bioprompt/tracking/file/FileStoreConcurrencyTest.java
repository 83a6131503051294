package dev.bioprompt.tracking.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several writers of one {@code ./mlruns} (one tracker each, as separate processes have), and leftovers of dead ones. */
class FileStoreConcurrencyTest {

    @TempDir
    Path dir;

    @RepeatedTest(5)
    void writersCreatingTheSameExperimentAtOnceCreateItOnce() throws Exception {
        Path root = dir.resolve("mlruns-" + System.nanoTime());
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                futures.add(pool.submit(() -> {
                    FileStoreTracker tracker = new FileStoreTracker(root);
                    start.await();
                    TrackedRun run = tracker.startRun(new RunRequest("shared", "r", null, Map.of()));
                    run.finish(RunStatus.FINISHED);
                    return tracker.getRun(run.runId()).orElseThrow().experimentId();
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(ids).containsOnly(ids.get(0));
            try (Stream<Path> experiments = Files.list(root)) {
                assertThat(experiments.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals("0")))
                        .hasSize(1);
            }
            try (Stream<Path> claims = Files.list(root)) {
                assertThat(claims.filter(p -> p.getFileName().toString().endsWith(".claim"))).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void temporaryFilesOfADeadWriterAreSweptOnTheNextOpen() throws Exception {
        Path root = dir.resolve("mlruns");
        FileStoreTracker tracker = new FileStoreTracker(root);
        TrackedRun run = tracker.startRun(new RunRequest("e", "r", null, Map.of()));
        run.finish(RunStatus.FINISHED);
        Path runDir = tracker.root().resolve(tracker.getRun(run.runId()).orElseThrow().experimentId())
                .resolve(run.runId());
        Path stale = Files.writeString(runDir.resolve(".bioprompt-tmp-dead"), "half");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path fresh = Files.writeString(runDir.resolve(".bioprompt-tmp-live"), "being written");

        new FileStoreTracker(root);

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }
}
