package dev.bioprompt.tracking.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while creating a run leaves its folder without {@code meta.yaml}, which MLflow's file store cannot
 * list; the next open repairs it: removed when it holds nothing, {@code KILLED} with an end time when it holds files.
 */
class IncompleteRunRepairTest {
    @TempDir
    Path tmp;

    @Test
    void theNextOpenRemovesAnEmptyFolderAndMarksOneWithTagsKilled() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker first = new FileStoreTracker(root);
        String finished;
        try (TrackedRun run = first.startRun(new RunRequest("btmri", "coop-s1", null, Map.of()))) {
            finished = run.runId();
        }
        Path experiment = root.resolve("1");
        // killed right after creating the folders: nothing but empty folders
        String empty = "0123456789abcdef0123456789abcdef";
        for (String sub : List.of("metrics", "params", "tags", "artifacts")) {
            Files.createDirectories(experiment.resolve(empty).resolve(sub));
        }
        Files.writeString(experiment.resolve(empty).resolve(".bioprompt-tmp-meta"), "artifact_uri: fi");
        // killed after the tags, before meta.yaml: the folder names its cell
        String tagged = "fedcba9876543210fedcba9876543210";
        Path taggedDir = experiment.resolve(tagged);
        for (String sub : List.of("metrics", "params", "artifacts")) {
            Files.createDirectories(taggedDir.resolve(sub));
        }
        Files.createDirectories(taggedDir.resolve("tags"));
        Files.writeString(taggedDir.resolve("tags/mlflow.runName"), "coop-s2");
        Files.writeString(taggedDir.resolve("tags/mlflow.user"), "alice");
        Files.writeString(taggedDir.resolve("tags/bioprompt.cell"), "coop-s2");
        // a folder being created by another process right now is left alone
        String fresh = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        Files.createDirectories(experiment.resolve(fresh).resolve("tags"));
        Files.writeString(experiment.resolve(fresh).resolve("tags/mlflow.runName"), "coop-s3");
        // experiment tags live in <experiment>/tags/ without meta.yaml: not a run folder
        Files.createDirectories(experiment.resolve("tags"));
        Files.writeString(experiment.resolve("tags/team"), "imaging");
        long twoMinutesAgo = System.currentTimeMillis() - 120_000;
        for (String id : List.of(empty, tagged)) {
            try (Stream<Path> walk = Files.walk(experiment.resolve(id))) {
                for (Path p : walk.toList()) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(twoMinutesAgo));
                }
            }
        }
        Files.setLastModifiedTime(taggedDir.resolve("tags/bioprompt.cell"), FileTime.fromMillis(twoMinutesAgo + 50));

        FileStoreTracker reopened = new FileStoreTracker(root);

        assertThat(experiment.resolve(empty)).doesNotExist();
        assertThat(experiment.resolve(fresh)).isDirectory();
        assertThat(experiment.resolve(fresh).resolve("meta.yaml")).doesNotExist();
        assertThat(experiment.resolve("tags/team")).hasContent("imaging");
        String meta = Files.readString(taggedDir.resolve("meta.yaml"));
        String rootUri = Pattern.quote("file://" + root.toAbsolutePath());
        // the complete run meta.yaml as MLflow's file store writes it (specs/mlflow.md section 3)
        assertThat(meta).matches("""
                artifact_uri: %s/1/%s/artifacts
                end_time: %d
                entry_point_name: ''
                experiment_id: '1'
                lifecycle_stage: active
                run_id: %s
                run_name: coop-s2
                run_uuid: %s
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: %d
                status: 5
                tags: \\[\\]
                user_id: alice
                """.formatted(rootUri, tagged, twoMinutesAgo + 50, tagged, tagged,
                twoMinutesAgo));
        RunRecord repaired = reopened.getRun(tagged).orElseThrow();
        assertThat(repaired.status()).isEqualTo(RunStatus.KILLED);
        assertThat(repaired.tags()).containsEntry("bioprompt.cell", "coop-s2")
                .containsKey(FileStoreTracker.REPAIRED_TAG);
        assertThat(reopened.listRuns("btmri")).extracting(RunRecord::runId).containsExactlyInAnyOrder(finished, tagged);
        assertThat(reopened.getRun(finished).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        try (Stream<Path> walk = Files.walk(root)) {
            assertThat(walk.filter(p -> p.getFileName().toString().startsWith(".bioprompt-tmp-"))).isEmpty();
        }
    }

    @Test
    void aRunWithMetaYamlAlwaysCarriesItsTags() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = new FileStoreTracker(root);
        TrackedRun run = tracker.startRun(new RunRequest("btmri", "coop-s1", null, Map.of("bioprompt.cell", "c1")));
        Path runDir = root.resolve("1").resolve(run.runId());
        // meta.yaml is written last: it is never older than the tags it stands for
        long meta = Files.getLastModifiedTime(runDir.resolve("meta.yaml")).to(TimeUnit.NANOSECONDS);
        long tag = Files.getLastModifiedTime(runDir.resolve("tags/bioprompt.cell"))
                .to(TimeUnit.NANOSECONDS);
        assertThat(meta).isGreaterThanOrEqualTo(tag);
        run.close();
    }
}
