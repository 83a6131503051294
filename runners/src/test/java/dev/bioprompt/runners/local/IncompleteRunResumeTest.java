package dev.bioprompt.runners.local;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.sweep.SweepState;
import dev.bioprompt.runners.testkit.WorkingCellExecutor;
import dev.bioprompt.tracking.file.FileStoreTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kill -9} while the file store was creating a cell's run left the cell claimed and the run folder without
 * {@code meta.yaml} (which MLflow's file store cannot list): the resume repairs the folder (KILLED, with an end time),
 * runs the cell once in a new run, and leaves every run folder readable.
 */
class IncompleteRunResumeTest {
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "repair-test",
            "methods", List.of("coop"), "dataset", "toy", "shots", 1, "seeds", List.of(1, 2)), "repair-test");

    @TempDir
    Path dir;

    @Test
    void theResumeRepairsTheFolderLeftWithoutMetaYamlAndRunsTheCellOnce() throws Exception {
        Path runs = dir.resolve("runs");
        Path mlruns = dir.resolve("mlruns");
        String cellId = CellIds.of(SWEEP.cells().get(1));
        SweepState state = SweepState.open(runs, SWEEP);
        state.markRunning(cellId, ""); // the start claim, written before the tracking call
        new FileStoreTracker(mlruns).startRun(new RunRequest("repair-test", "earlier", null, Map.of())).close();
        Path experiment = mlruns.resolve("1");
        String orphan = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
        Path orphanDir = experiment.resolve(orphan);
        for (String sub : List.of("metrics", "params", "tags", "artifacts")) {
            Files.createDirectories(orphanDir.resolve(sub));
        }
        Files.writeString(orphanDir.resolve("tags/mlflow.runName"), cellId);
        Files.writeString(orphanDir.resolve("tags/" + SweepCellRunner.SWEEP_TAG), SWEEP.sweepId());
        Files.writeString(orphanDir.resolve("tags/" + SweepCellRunner.CELL_TAG), cellId);
        Path emptyDir = experiment.resolve("1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e");
        Files.createDirectories(emptyDir.resolve("metrics"));
        long killedAt = System.currentTimeMillis() - 90_000;
        for (Path folder : List.of(orphanDir, emptyDir)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.toList()) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(killedAt));
                }
            }
        }

        List<String> lines = new CopyOnWriteArrayList<>();
        FileStoreTracker tracker = new FileStoreTracker(mlruns);
        List<CellResult> results = new LocalRunner(runs, tracker, new WorkingCellExecutor(2, 1),
                List.of(Device.cpu()), lines::add).run(SWEEP);

        assertThat(results).extracting(CellResult::status).containsOnly(RunStatus.FINISHED);
        assertThat(emptyDir).doesNotExist();
        String meta = Files.readString(orphanDir.resolve("meta.yaml"));
        assertThat(meta).contains("\nstatus: 5\n", "\nend_time: " + killedAt + "\n", "\nrun_name: " + cellId + "\n",
                "\nrun_uuid: " + orphan + "\n", "\nexperiment_id: '1'\n");
        List<RunRecord> cellRuns = tracker.listRuns("repair-test").stream()
                .filter(r -> cellId.equals(r.tags().get(SweepCellRunner.CELL_TAG))).toList();
        String finishedRun = SweepState.open(runs, SWEEP).result(cellId).orElseThrow().trackingRunId();
        assertThat(cellRuns).extracting(RunRecord::runId).containsExactlyInAnyOrder(orphan, finishedRun);
        assertThat(tracker.getRun(finishedRun).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(tracker.getRun(orphan).orElseThrow().status()).isEqualTo(RunStatus.KILLED);
        // every run folder MLflow will list has a meta.yaml; no RUNNING run is left
        try (Stream<Path> children = Files.list(experiment)) {
            assertThat(children.filter(p -> p.getFileName().toString().matches("[0-9a-f]{32}")))
                    .allSatisfy(p -> assertThat(p.resolve("meta.yaml")).isRegularFile());
        }
        assertThat(tracker.listRuns("repair-test")).extracting(RunRecord::status).doesNotContain(RunStatus.RUNNING);
    }
}
