package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import dev.bioprompt.tracking.testing.InProcessMlflowServer.StoredMetric;
import dev.bioprompt.tracking.testing.InProcessMlflowServer.StoredRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracking-server outage never loses or duplicates records, and never fails the caller. */
class OutageReplayTest {
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

    private MlflowTracker tracker(Duration closeTimeout) {
        return MlflowTracker.builder(server.uri())
                .spoolDir(tmp.resolve("spool"))
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(5))
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5)))
                .replayInterval(Duration.ZERO)
                .closeTimeout(closeTimeout)
                .build();
    }

    @Test
    void serverStoppedMidRunGetsEverythingOnceAfterRestart() throws Exception {
        List<StoredMetric> logged = new ArrayList<>();
        Path artifact = Files.writeString(tmp.resolve("prompt.txt"), "v1");
        String runId;
        try (MlflowTracker tracker = tracker(Duration.ofSeconds(5))) {
            TrackedRun run = tracker.startRun(new RunRequest("outage", "r", null, Map.of()));
            runId = run.runId();
            run.logParams(Map.of("lr", "0.002"));
            for (int epoch = 1; epoch <= 3; epoch++) {
                run.logMetrics(Map.of("loss", 1.0 / epoch), epoch);
            }
            server.stop();
            for (int epoch = 4; epoch <= 6; epoch++) {
                run.logMetrics(Map.of("loss", 1.0 / epoch), epoch);
            }
            run.logParams(Map.of("seed", "1"));
            run.setTags(Map.of("phase", "during-outage"));
            run.logArtifact(artifact, "prompts");
            Files.writeString(artifact, "changed after logging");
            assertThat(tracker.pendingRecords()).isGreaterThanOrEqualTo(6);
            try (Stream<Path> files = Files.list(tracker.spoolDir())) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".jsonl"));
            }

            server.restart();
            run.logMetrics(Map.of("loss", 1.0 / 7), 7);
            assertThat(tracker.pendingRecords()).isZero();
            server.stop();
            run.logMetrics(Map.of("loss", 1.0 / 8), 8);
            run.finish(RunStatus.FINISHED);
            server.restart();
        }
        StoredRun stored = server.run(runId).orElseThrow();
        assertThat(stored.metrics()).extracting(StoredMetric::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(stored.metrics()).extracting(StoredMetric::value)
                .containsExactly(1.0, 0.5, 1.0 / 3, 0.25, 0.2, 1.0 / 6, 1.0 / 7, 0.125);
        assertThat(stored.params()).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.002", "seed", "1"));
        assertThat(stored.tags()).containsEntry("phase", "during-outage");
        assertThat(stored.status()).isEqualTo("FINISHED");
        String root = stored.artifactUri().substring("mlflow-artifacts:/".length());
        assertThat(new String(server.artifact(root + "/prompts/prompt.txt").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("v1");
        assertThat(server.runsOf("outage")).hasSize(1);
        try (Stream<Path> files = Files.walk(tmp.resolve("spool"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void runStartedWhileServerIsDownGetsAProvisionalIdThenTheServerId() {
        String provisional;
        String serverId;
        try (MlflowTracker tracker = tracker(Duration.ofSeconds(5))) {
            server.stop();
            TrackedRun run = tracker.startRun(new RunRequest("offline-start", "r", null, Map.of("k", "v")));
            provisional = run.runId();
            assertThat(provisional).startsWith("local-");
            run.logParams(Map.of("method", "coop"));
            run.logMetrics(Map.of("acc", 0.5), 1);
            TrackedRun child = tracker.startRun(new RunRequest("offline-start", "child", provisional, Map.of()));
            child.close();
            server.restart();
            run.logMetrics(Map.of("acc", 0.75), 2);
            serverId = run.runId();
            assertThat(serverId).doesNotStartWith("local-");
            assertThat(tracker.getRun(provisional)).get().extracting(r -> r.runId()).isEqualTo(serverId);
            run.close();
        }
        assertThat(server.runsOf("offline-start")).hasSize(2);
        StoredRun stored = server.run(serverId).orElseThrow();
        assertThat(stored.params()).containsEntry("method", "coop");
        assertThat(stored.tags()).containsEntry("k", "v");
        assertThat(stored.metrics()).extracting(StoredMetric::value).containsExactly(0.5, 0.75);
        assertThat(server.runsOf("offline-start")).filteredOn(r -> r.runName().equals("child")).singleElement()
                .satisfies(c -> assertThat(c.tags()).containsEntry("mlflow.parentRunId", serverId));
    }

    @Test
    void lostResponsesAreReplayedWithoutDuplicates() {
        String runId;
        try (MlflowTracker tracker = tracker(Duration.ofSeconds(5))) {
            TrackedRun run = tracker.startRun(new RunRequest("lost", "r", null, Map.of()));
            runId = run.runId();
            server.dropNextResponses(2);
            run.logMetrics(Map.of("loss", 0.9, "acc", 0.1), 1);
            run.logParams(Map.of("lr", "0.1"));
            run.logMetrics(Map.of("loss", 0.8, "acc", 0.2), 2);
            run.close();
        }
        StoredRun stored = server.run(runId).orElseThrow();
        assertThat(stored.metrics()).hasSize(4);
        assertThat(stored.metrics()).extracting(m -> m.key() + "@" + m.step())
                .containsExactlyInAnyOrder("acc@1", "loss@1", "acc@2", "loss@2");
        assertThat(stored.params()).containsEntry("lr", "0.1");
        assertThat(stored.status()).isEqualTo("FINISHED");
    }

    @Test
    void lostCreateResponseDoesNotDuplicateTheRun() {
        try (MlflowTracker tracker = tracker(Duration.ofSeconds(5))) {
            server.dropNextResponses(3);
            // get-by-name, experiments/create and runs/create are processed, their answers are lost
            TrackedRun run = tracker.startRun(new RunRequest("lost-create", "r", null, Map.of()));
            run.logMetrics(Map.of("acc", 0.5), 1);
            run.close();
        }
        assertThat(server.runsOf("lost-create")).singleElement()
                .satisfies(r -> assertThat(r.metrics()).hasSize(1));
    }

    @Test
    void journalLeftByAStoppedProcessIsReplayedByTheNextTracker() {
        String provisional;
        MlflowTracker first = tracker(Duration.ZERO);
        server.stop();
        TrackedRun run = first.startRun(new RunRequest("crash", "r", null, Map.of()));
        provisional = run.runId();
        run.logMetrics(Map.of("acc", 0.5), 1);
        run.close();
        first.close();
        server.restart();
        assertThat(server.runsOf("crash")).isEmpty();

        try (MlflowTracker second = tracker(Duration.ofSeconds(5))) {
            assertThat(second.pendingRecords()).isEqualTo(3);
            assertThat(second.replayNow()).isTrue();
        }
        assertThat(provisional).startsWith("local-");
        assertThat(server.runsOf("crash")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("FINISHED");
            assertThat(r.metrics()).hasSize(1);
        });
    }

    @Test
    void refusedCredentialsMidRunAreSpooledNotFatal() {
        String runId;
        try (MlflowTracker tracker = tracker(Duration.ofSeconds(5))) {
            TrackedRun run = tracker.startRun(new RunRequest("auth-expired", "r", null, Map.of()));
            runId = run.runId();
            server.requireAuthorization("Bearer new-token");
            run.logMetrics(Map.of("acc", 0.5), 1);
            assertThat(tracker.pendingRecords()).isEqualTo(1);
            server.requireAuthorization(null);
            run.close();
        }
        // refused credentials are probed at most every 30 s, so the next tracker (the next command) replays them
        try (MlflowTracker next = tracker(Duration.ofSeconds(5))) {
            assertThat(next.replayNow()).isTrue();
        }
        assertThat(server.run(runId).orElseThrow().metrics()).hasSize(1);
        assertThat(server.run(runId).orElseThrow().status()).isEqualTo("FINISHED");
    }

    @Test
    void readsFailClearlyWhileWritesAreSpooled() {
        try (MlflowTracker tracker = tracker(Duration.ZERO)) {
            server.stop();
            assertThatThrownBy(() -> tracker.listRuns("any")).isInstanceOf(TrackingUnavailableException.class)
                    .hasMessageContaining(server.uri().toString());
            server.restart();
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsSpooled() throws Exception {
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            MlflowTracker tracker = MlflowTracker.builder(URI.create("http://127.0.0.1:" + hung.getLocalPort()))
                    .spoolDir(tmp.resolve("spool")).connectTimeout(Duration.ofMillis(300))
                    .requestTimeout(Duration.ofMillis(300)).retry(RetryPolicy.once()).replayInterval(Duration.ZERO)
                    .closeTimeout(Duration.ZERO).build();
            TrackedRun run = tracker.startRun(new RunRequest("hung", "r", null, Map.of()));
            run.logMetrics(Map.of("acc", 0.5), 1);
            run.close();
            assertThat(run.runId()).startsWith("local-");
            assertThat(tracker.pendingRecords()).isEqualTo(3);
            tracker.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void resumesRunsOnlineOfflineAndProvisional() {
        try (MlflowTracker tracker = tracker(Duration.ofSeconds(5))) {
            TrackedRun first = tracker.startRun(new RunRequest("resume", "r", null, Map.of()));
            String runId = first.runId();
            first.logParams(Map.of("lr", "0.1"));
            first.logMetrics(Map.of("loss", 1.0), 1);
            first.close();

            TrackedRun resumed = tracker.resumeRun(runId);
            assertThat(server.run(runId).orElseThrow().status()).isEqualTo("RUNNING");
            assertThat(server.run(runId).orElseThrow().endTime()).isNull();
            assertThatThrownBy(() -> resumed.logParams(Map.of("lr", "0.2"))).hasMessageContaining("Changing param");
            resumed.logMetrics(Map.of("loss", 0.5), 2);
            resumed.finish(RunStatus.KILLED);

            server.stop();
            TrackedRun offline = tracker.resumeRun(runId);
            offline.logMetrics(Map.of("loss", 0.25), 3);
            offline.close();
            TrackedRun provisional = tracker.startRun(new RunRequest("resume", "p", null, Map.of()));
            provisional.close();
            TrackedRun provisionalAgain = tracker.resumeRun(provisional.runId());
            provisionalAgain.logMetrics(Map.of("acc", 1.0), 1);
            provisionalAgain.close();
            assertThatThrownBy(() -> tracker.resumeRun("local-0000")).isInstanceOf(IllegalArgumentException.class);
            server.restart();
            assertThat(tracker.replayNow()).isTrue();
            assertThatThrownBy(() -> tracker.resumeRun("f".repeat(32))).hasMessageContaining("No run");

            StoredRun stored = server.run(runId).orElseThrow();
            assertThat(stored.status()).isEqualTo("FINISHED");
            assertThat(stored.metrics()).extracting(StoredMetric::value).containsExactly(1.0, 0.5, 0.25);
            assertThat(server.runsOf("resume")).filteredOn(r -> r.runName().equals("p")).singleElement()
                    .satisfies(r -> assertThat(r.metrics()).hasSize(1));
        }
    }
}
