package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.io.FileTrees;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the outage-journal fixture that {@link JournalCompatibilityTest} replays: a sweep tracked while the server
 * is down (a parent and a child run created offline, params, metrics with NaN and infinities, tags, a file and a
 * folder artifact, a failed finish, a resume and a final finish). Not a test: run it explicitly to write the fixture
 * again, which is only right when the journal format changes on purpose (old journals must then still replay):
 *
 * <pre>mvn -pl tracking -am test -Dtest=JournalFixtureWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbioprompt.journalFixture=$PWD/tracking/src/test/resources/journal-compat</pre>
 *
 * <p>Absolute paths of the spooled artifact copies are written as {@value #SPOOL_PLACEHOLDER}, which the test
 * replaces with the spool folder it replays from.
 */
class JournalFixtureWriter {
    static final String SPOOL_PLACEHOLDER = "@SPOOL@";

    @TempDir
    Path tmp;

    @Test
    @EnabledIfSystemProperty(named = "bioprompt.journalFixture", matches = ".+")
    void writeFixture() throws Exception {
        Path out = Path.of(System.getProperty("bioprompt.journalFixture"));
        InProcessMlflowServer server = new InProcessMlflowServer().start();
        server.stop();
        Path spoolRoot = tmp.resolve("spool");
        Path summary = Files.writeString(tmp.resolve("results.json"), "{\"accuracy\": 71.5}\n");
        Path prompt = Files.writeString(tmp.resolve("prompt.txt"), "a photo of a {}\n");
        Path plots = Files.createDirectories(tmp.resolve("plots"));
        Files.writeString(plots.resolve("loss.svg"), "<svg/>\n");
        Files.createDirectories(plots.resolve("per class"));
        Files.writeString(plots.resolve("per class").resolve("glioma.txt"), "0.91\n");

        MlflowTracker tracker = MlflowTracker.builder(server.uri()).spoolDir(spoolRoot)
                .connectTimeout(Duration.ofMillis(300)).requestTimeout(Duration.ofMillis(300))
                .retry(RetryPolicy.once()).replayInterval(Duration.ofHours(1)).closeTimeout(Duration.ZERO).build();
        Map<String, String> sweepTags = new LinkedHashMap<>();
        sweepTags.put("bioprompt.runner", "local");
        sweepTags.put("note", "tumeur bénigne");
        TrackedRun parent = tracker.startRun(new RunRequest("journal-compat", "sweep", null, sweepTags));
        parent.logParams(Map.of("grid", "coop x 2"));
        TrackedRun cell = tracker.startRun(new RunRequest("journal-compat", "cell-1", parent.runId(), Map.of()));
        cell.logParams(Map.of("method", "coop", "optim.lr", "0.002"));
        cell.logMetrics(Map.of("train/loss", 1.5, "train/acc", Double.NaN), 1);
        cell.logMetrics(Map.of("train/loss", Double.POSITIVE_INFINITY, "train/acc", Double.NEGATIVE_INFINITY), 2);
        cell.setTags(Map.of("phase", "train"));
        cell.logArtifact(prompt, "prompts");
        cell.logArtifact(plots, "plots");
        cell.finish(RunStatus.FAILED);
        TrackedRun resumed = tracker.resumeRun(cell.runId());
        resumed.logMetrics(Map.of("train/loss", 0.25), 3);
        resumed.close();
        parent.logArtifact(summary, "summary");
        parent.finish(RunStatus.FINISHED);
        Path spool = tracker.spoolDir();
        assertThat(tracker.pendingRecords()).isEqualTo(15);
        tracker.close();

        FileTrees.delete(out);
        copyJournals(spool, out, spool.toString(), SPOOL_PLACEHOLDER);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).hasSize(2)
                    .anyMatch(n -> n.endsWith(".jsonl")).anyMatch(n -> n.endsWith(".jsonl.artifacts"));
        }
        List<String> lines = Files.readAllLines(journalIn(out), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(15).allMatch(l -> !l.contains(tmp.toString()));
    }

    /** Copies a folder of journals, replacing {@code find} by {@code replacement} in the journal files. */
    static void copyJournals(Path from, Path to, String find, String replacement) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (p.getFileName().toString().endsWith(".jsonl")) {
                    Files.writeString(target, Files.readString(p, StandardCharsets.UTF_8).replace(find, replacement),
                            StandardCharsets.UTF_8);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static Path journalIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }
}
