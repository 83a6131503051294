package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.tracking.StandardTags;
import dev.bioprompt.tracking.mlflow.JournalRecord.CreateRun;
import dev.bioprompt.tracking.mlflow.JournalRecord.LogRunBatch;
import dev.bioprompt.tracking.mlflow.JournalRecord.UpdateRunStatus;
import dev.bioprompt.tracking.mlflow.JournalRecord.UploadArtifact;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import dev.bioprompt.tracking.testing.InProcessMlflowServer.StoredMetric;
import dev.bioprompt.tracking.testing.InProcessMlflowServer.StoredRun;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage journal written before an upgrade still replays: {@code journal-compat/} holds a journal that the tracker
 * wrote while the server was down (see {@link JournalFixtureWriter}), with every kind of record the journal holds.
 * Replaying it stores every record once, and replaying it again (a journal whose acknowledgements were lost) stores
 * nothing twice. Each line reads as a typed {@link JournalRecord} that writes the same line back, so a journal
 * written now is also the format earlier versions read.
 */
class JournalCompatibilityTest {
    private static final String PARENT_CORRELATION = "d46fce19-744d-4a2f-907b-3da53ea8604b";
    private static final String CELL_CORRELATION = "50c3da4d-22c4-45d9-940d-1e96f2b64445";

    @TempDir
    Path tmp;

    @Test
    void aJournalWrittenBeforeTheUpgradeReplaysInFullAndOnce() throws Exception {
        try (InProcessMlflowServer server = new InProcessMlflowServer().start()) {
            MlflowTracker.Builder builder = MlflowTracker.builder(server.uri()).spoolDir(tmp.resolve("spool"))
                    .replayInterval(Duration.ZERO);
            Path spool;
            try (MlflowTracker probe = builder.build()) {
                spool = probe.spoolDir();
            }
            copyFixture(spool);
            try (MlflowTracker tracker = builder.build()) {
                assertThat(tracker.pendingRecords()).isEqualTo(15);
                assertThat(tracker.replayNow()).isTrue();
                assertThat(tracker.pendingRecords()).isZero();
            }
            assertReplayed(server);
            try (Stream<Path> files = Files.walk(spool)) {
                assertThat(files.filter(Files::isRegularFile)).as("a replayed journal is removed").isEmpty();
            }

            copyFixture(spool);
            try (MlflowTracker again = builder.build()) {
                assertThat(again.replayNow()).isTrue();
            }
            assertReplayed(server);
        }
    }

    @Test
    void everyLineReadsAsATypedRecordAndIsWrittenBackUnchanged() throws Exception {
        List<String> lines = Files.readAllLines(JournalFixtureWriter.journalIn(fixtureDir()), StandardCharsets.UTF_8);
        Map<Class<?>, Integer> types = new LinkedHashMap<>();
        for (String line : lines) {
            JournalRecord record = JournalRecord.fromJson(MlflowRestClient.JSON.readTree(line));
            types.merge(record.getClass(), 1, Integer::sum);
            assertThat(record.toJson().toString()).as("written back").isEqualTo(line);
        }
        assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of(CreateRun.class, 2, LogRunBatch.class, 6,
                UploadArtifact.class, 3, UpdateRunStatus.class, 4));
        JournalRecord resume = JournalRecord.fromJson(MlflowRestClient.JSON.readTree(lines.get(10)));
        assertThat(resume).isEqualTo(new UpdateRunStatus("local-50c3da4d22c445d9940d1e96f2b64445", RunStatus.RUNNING,
                OptionalLong.empty()));
        assertThatThrownBy(() -> JournalRecord.fromJson(MlflowRestClient.JSON.readTree(
                "{\"op\":\"update\",\"run\":\"r\",\"status\":\"PAUSED\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAUSED");
        assertThatThrownBy(() -> JournalRecord.fromJson(MlflowRestClient.JSON.readTree("{\"op\":\"create\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'run'");
    }

    private static void assertReplayed(InProcessMlflowServer server) {
        assertThat(server.runsOf("journal-compat")).hasSize(2);
        StoredRun sweep = byCorrelation(server, PARENT_CORRELATION);
        StoredRun cell = byCorrelation(server, CELL_CORRELATION);

        assertThat(sweep.runName()).isEqualTo("sweep");
        assertThat(sweep.tags()).containsEntry("bioprompt.runner", "local").containsEntry("note", "tumeur bénigne")
                .containsEntry(StandardTags.RUN_NAME, "sweep").containsEntry(StandardTags.USER, "root");
        assertThat(sweep.params()).containsExactlyEntriesOf(Map.of("grid", "coop x 2"));
        assertThat(sweep.status()).isEqualTo("FINISHED");
        assertThat(sweep.endTime()).isEqualTo(1796642332525L);
        assertThat(artifact(server, sweep, "summary/results.json")).isEqualTo("{\"accuracy\": 71.5}\n");

        assertThat(cell.runName()).isEqualTo("cell-1");
        assertThat(cell.tags()).containsEntry(StandardTags.PARENT_RUN_ID, sweep.runId())
                .containsEntry("phase", "train");
        assertThat(cell.params()).containsExactlyInAnyOrderEntriesOf(Map.of("method", "coop", "optim.lr", "0.002"));
        assertThat(cell.metrics()).containsExactlyInAnyOrder(
                new StoredMetric("train/acc", Double.NaN, 1796642332384L, 1),
                new StoredMetric("train/loss", 1.5, 1796642332384L, 1),
                new StoredMetric("train/acc", Double.NEGATIVE_INFINITY, 1796642332390L, 2),
                new StoredMetric("train/loss", Double.POSITIVE_INFINITY, 1796642332390L, 2),
                new StoredMetric("train/loss", 0.25, 1796642332521L, 3));
        assertThat(cell.status()).isEqualTo("FINISHED");
        assertThat(cell.endTime()).isEqualTo(1796642332522L);
        assertThat(artifact(server, cell, "prompts/prompt.txt")).isEqualTo("a photo of a {}\n");
        assertThat(artifact(server, cell, "plots/loss.svg")).isEqualTo("<svg/>\n");
        assertThat(artifact(server, cell, "plots/per class/glioma.txt")).isEqualTo("0.91\n");
    }

    private static StoredRun byCorrelation(InProcessMlflowServer server, String correlationId) {
        return server.runsOf("journal-compat").stream()
                .filter(r -> correlationId.equals(r.tags().get(StandardTags.CORRELATION_ID))).findFirst()
                .orElseThrow(() -> new AssertionError("no run with correlation id " + correlationId));
    }

    private static String artifact(InProcessMlflowServer server, StoredRun run, String path) {
        String root = run.artifactUri().substring("mlflow-artifacts:/".length());
        return new String(server.artifact(root + "/" + path).orElseThrow(
                () -> new AssertionError("no artifact " + path + " in " + server.artifactPaths())),
                StandardCharsets.UTF_8);
    }

    /** Copies the fixture into the spool folder, with the spooled artifact copies' paths pointing there. */
    private static void copyFixture(Path spool) throws Exception {
        JournalFixtureWriter.copyJournals(fixtureDir(), spool, JournalFixtureWriter.SPOOL_PLACEHOLDER,
                spool.toString());
    }

    static Path fixtureDir() throws URISyntaxException {
        URL url = JournalCompatibilityTest.class.getResource("/journal-compat");
        assertThat(url).as("test resource journal-compat/").isNotNull();
        return Path.of(url.toURI());
    }
}
