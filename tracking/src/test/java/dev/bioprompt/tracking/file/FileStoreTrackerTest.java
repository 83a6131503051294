package dev.bioprompt.tracking.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.StandardTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTrackerTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheMlrunsLayoutAsMlflowDoes() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = new FileStoreTracker(root);
        String rootUri = "file://" + root.toAbsolutePath();

        String defaultMeta = Files.readString(root.resolve("0/meta.yaml"));
        assertThat(defaultMeta).matches("""
                artifact_location: %s/0
                creation_time: \\d+
                experiment_id: '0'
                last_update_time: \\d+
                lifecycle_stage: active
                name: Default
                """.formatted(Pattern.quote(rootUri)));

        String runId;
        Path artifact = Files.writeString(tmp.resolve("prompts.safetensors"), "tensor-bytes");
        try (TrackedRun run = tracker.startRun(new RunRequest("btmri", "coop-seed1", null,
                Map.of(StandardTags.USER, "alice", StandardTags.SOURCE_TYPE, "JOB")))) {
            runId = run.runId();
            assertThat(Files.readString(root.resolve("1").resolve(runId).resolve("meta.yaml")))
                    .contains("\nend_time: null\n").contains("\nstatus: 1\n");
            run.logParams(Map.of("optim/lr", "0.002", "method", "coop"));
            run.logMetrics(Map.of("train/loss", 1.25), 1);
            run.logMetrics(Map.of("train/loss", 0.5), 2);
            run.logMetrics(Map.of("weird", Double.NaN), 2);
            run.setTags(Map.of("note", "line1\nline2"));
            run.logArtifact(artifact, "prompt_set");
        }
        assertThat(runId).matches("[0-9a-f]{32}");
        Path runDir = root.resolve("1").resolve(runId);

        assertThat(Files.readString(root.resolve("1/meta.yaml"))).matches("""
                artifact_location: %s/1
                creation_time: \\d+
                experiment_id: '1'
                last_update_time: \\d+
                lifecycle_stage: active
                name: btmri
                """.formatted(Pattern.quote(rootUri)));
        assertThat(Files.readString(runDir.resolve("meta.yaml"))).matches("""
                artifact_uri: %s/1/%s/artifacts
                end_time: \\d+
                entry_point_name: ''
                experiment_id: '1'
                lifecycle_stage: active
                run_id: %s
                run_name: coop-seed1
                run_uuid: %s
                source_name: ''
                source_type: 2
                source_version: ''
                start_time: \\d+
                status: 3
                tags: \\[\\]
                user_id: alice
                """.formatted(Pattern.quote(rootUri), runId, runId, runId));
        assertThat(Files.readString(runDir.resolve("params/optim/lr"))).isEqualTo("0.002");
        assertThat(Files.readString(runDir.resolve("params/method"))).isEqualTo("coop");
        assertThat(Files.readString(runDir.resolve("metrics/train/loss")))
                .matches("\\d{13} 1\\.25 1\n\\d{13} 0\\.5 2\n");
        assertThat(Files.readString(runDir.resolve("metrics/weird"))).matches("\\d{13} nan 2\n");
        assertThat(Files.readString(runDir.resolve("tags/mlflow.runName"))).isEqualTo("coop-seed1");
        assertThat(Files.readString(runDir.resolve("tags/mlflow.user"))).isEqualTo("alice");
        assertThat(Files.readString(runDir.resolve("tags/note"))).isEqualTo("line1\nline2");
        assertThat(Files.readString(runDir.resolve("artifacts/prompt_set/prompts.safetensors"))).isEqualTo("tensor-bytes");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.contains("tmp"));
        }
    }

    @Test
    void readsRunsBackNewestFirst() throws Exception {
        FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("mlruns"));
        String first;
        try (TrackedRun run = tracker.startRun(new RunRequest("sweep", "a", null, Map.of()))) {
            first = run.runId();
            run.logParams(Map.of("lr", "0.1"));
            run.logMetrics(Map.of("acc", 0.5), 1);
            run.logMetrics(Map.of("acc", 0.25), 0);
        }
        Thread.sleep(2);
        TrackedRun second = tracker.startRun(new RunRequest("sweep", "b", first, Map.of()));
        second.finish(RunStatus.FAILED);

        RunRecord record = tracker.getRun(first).orElseThrow();
        assertThat(record.runName()).isEqualTo("a");
        assertThat(record.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(record.params()).containsEntry("lr", "0.1");
        assertThat(record.metrics()).containsEntry("acc", 0.5);
        assertThat(record.experimentId()).isEqualTo("1");

        List<RunRecord> runs = tracker.listRuns("sweep");
        assertThat(runs).extracting(RunRecord::runName).containsExactly("b", "a");
        assertThat(runs.get(0).status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.get(0).tags()).containsEntry(StandardTags.PARENT_RUN_ID, first);
        assertThat(tracker.listRuns("missing")).isEmpty();
        assertThat(tracker.getRun("ffffffffffffffffffffffffffffffff")).isEmpty();
        assertThat(tracker.getRun("../0")).isEmpty();
        assertThatThrownBy(() -> second.logMetrics(Map.of("x", 1.0), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsAStoreWrittenByMlflow() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path runDir = Files.createDirectories(root.resolve("7/0123456789abcdef0123456789abcdef"));
        Files.writeString(root.resolve("7/meta.yaml"), """
                artifact_location: file:///x/mlruns/7
                creation_time: 1795337044814
                experiment_id: '7'
                last_update_time: 1795337044814
                lifecycle_stage: active
                name: python-written
                """);
        Files.writeString(runDir.resolve("meta.yaml"), """
                artifact_uri: file:///x/mlruns/7/0123456789abcdef0123456789abcdef/artifacts
                end_time: null
                entry_point_name: ''
                experiment_id: '7'
                lifecycle_stage: active
                run_id: 0123456789abcdef0123456789abcdef
                run_name: hand-run
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: 1795337044814
                status: 1
                tags: []
                user_id: javauser
                """);
        Files.createDirectories(runDir.resolve("metrics"));
        Files.writeString(runDir.resolve("metrics/loss"), "1 0.5 0\n2 1e-05 3\n3 inf 3\n4 0.7\n");
        FileStoreTracker tracker = new FileStoreTracker(root);
        RunRecord record = tracker.listRuns("python-written").get(0);
        assertThat(record.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(record.metrics().get("loss")).isInfinite();
        assertThat(record.runName()).isEqualTo("hand-run");
        assertThat(Files.exists(root.resolve("0"))).isFalse();
    }

    @Test
    void rejectsBadKeysAndChangedParams() {
        FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("mlruns"));
        try (TrackedRun run = tracker.startRun(new RunRequest("e", "r", null, Map.of()))) {
            assertThatThrownBy(() -> run.logParams(Map.of("a/../b", "x"))).hasMessageContaining("'a/../b'");
            run.logParams(Map.of("lr", "1"));
            assertThatThrownBy(() -> run.logParams(Map.of("lr", "2"))).hasMessageContaining("Changing param values");
            run.logParams(Map.of("long", "y".repeat(6500)));
            assertThat(tracker.getRun(run.runId()).orElseThrow().params().get("long")).hasSize(6000);
        }
    }

    @Test
    void resumesARunItWroteBefore() throws Exception {
        Path root = tmp.resolve("mlruns");
        String runId;
        try (TrackedRun run = new FileStoreTracker(root).startRun(new RunRequest("e", "r", null, Map.of()))) {
            runId = run.runId();
            run.logParams(Map.of("lr", "0.1"));
            run.logMetrics(Map.of("loss", 1.0), 1);
        }
        FileStoreTracker reopened = new FileStoreTracker(root);
        TrackedRun resumed = reopened.resumeRun(runId);
        assertThat(reopened.getRun(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(Files.readString(root.resolve("1").resolve(runId).resolve("meta.yaml"))).contains("end_time: null\n");
        resumed.logParams(Map.of("lr", "0.1"));
        assertThatThrownBy(() -> resumed.logParams(Map.of("lr", "0.2"))).hasMessageContaining("Changing param values");
        resumed.logMetrics(Map.of("loss", 0.5), 2);
        resumed.close();
        RunRecord record = reopened.getRun(runId).orElseThrow();
        assertThat(record.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(record.metrics()).containsEntry("loss", 0.5);
        assertThat(record.runName()).isEqualTo("r");
        assertThatThrownBy(() -> reopened.resumeRun("ffffffffffffffffffffffffffffffff"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No run ffff");
    }
}
