package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server refuses the credentials (401) after the runs started: this is not an outage. Everything is journaled,
 * the parent's artifacts included, the server is probed at most every 30 s (not hammered), nothing fails, and the
 * next tracker with valid credentials replays everything.
 */
class CredentialLossTest {
    @TempDir
    Path tmp;

    private InProcessMlflowServer server;

    @BeforeEach
    void setUp() {
        server = new InProcessMlflowServer().start();
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private MlflowTracker tracker() {
        return MlflowTracker.builder(server.uri()).spoolDir(tmp.resolve("spool"))
                .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(5))
                .retry(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(5)))
                .replayInterval(Duration.ZERO).closeTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void refusedCredentialsAreJournaledProbedRarelyAndReplayedInFullLater() throws Exception {
        Path summary = Files.writeString(tmp.resolve("results.json"), "{\"accuracy\": 71.5}");
        String parentId;
        String cellId;
        MlflowTracker tracker = tracker();
        TrackedRun parent = tracker.startRun(new RunRequest("auth", "sweep", null, Map.of()));
        TrackedRun cell = tracker.startRun(new RunRequest("auth", "cell", parent.runId(), Map.of()));
        parentId = parent.runId();
        cellId = cell.runId();
        server.requireAuthorization("Bearer a-token-nobody-has");
        int before = server.requestCount("runs/log-batch") + server.requestCount("runs/update");

        long t0 = System.nanoTime();
        for (int epoch = 1; epoch <= 200; epoch++) {
            cell.logMetrics(Map.of("loss", 1.0 / epoch), epoch);
        }
        cell.finish(RunStatus.FINISHED);
        parent.logArtifact(summary, "summary");
        parent.finish(RunStatus.FINISHED);
        tracker.close();
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(tracker.credentialsRefused()).isTrue();
        int during = server.requestCount("runs/log-batch") + server.requestCount("runs/update") - before;
        // the first refused call (with its retries) and no more than one probe per 30 s after it
        assertThat(during).isLessThanOrEqualTo(3 + 3 * (int) (seconds / 30 + 1));
        assertThat(server.run(cellId).orElseThrow().metrics()).isEmpty();
        assertThat(server.run(parentId).orElseThrow().status()).isEqualTo("RUNNING");

        // the next command, with valid credentials, replays everything, the parent's artifact included
        server.requireAuthorization(null);
        MlflowTracker next = tracker();
        next.replayNow();
        next.close();
        assertThat(next.pendingRecords()).isZero();
        assertThat(server.run(cellId).orElseThrow().metrics()).hasSize(200);
        assertThat(server.run(cellId).orElseThrow().status()).isEqualTo("FINISHED");
        assertThat(server.run(parentId).orElseThrow().status()).isEqualTo("FINISHED");
        assertThat(server.artifactPaths()).anyMatch(p -> p.endsWith("summary/results.json"));
    }

    @Test
    void aBacklogDrainsWhileTheRunIsActiveOnceTheServerAnswersAgain() throws Exception {
        MlflowTracker tracker = MlflowTracker.builder(server.uri()).spoolDir(tmp.resolve("spool"))
                .connectTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofSeconds(2))
                .retry(RetryPolicy.once()).replayInterval(Duration.ofMillis(200))
                .closeTimeout(Duration.ZERO).build();
        TrackedRun run = tracker.startRun(new RunRequest("drain", "r", null, Map.of()));
        server.stop();
        for (int step = 1; step <= 10; step++) {
            run.logMetrics(Map.of("loss", 1.0 / step), step);
            Thread.sleep(50);
        }
        assertThat(tracker.pendingRecords()).isPositive();
        server.restart();
        long back = System.nanoTime();
        int step = 10;
        while (tracker.pendingRecords() > 0) {
            run.logMetrics(Map.of("loss", 1.0 / ++step), step);
            Thread.sleep(100);
            assertThat(Duration.ofNanos(System.nanoTime() - back))
                    .isLessThan(OutageBacklog.MAX_REPLAY_DELAY.plusSeconds(5));
        }
        run.finish(RunStatus.FINISHED);
        tracker.close();
        assertThat(server.run(run.runId()).orElseThrow().metrics()).hasSize(step);
    }
}
