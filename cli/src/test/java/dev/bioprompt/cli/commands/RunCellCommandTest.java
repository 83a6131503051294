package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.config.ConfigurationLayers;
import dev.bioprompt.runners.cell.RunArtifacts;
import dev.bioprompt.runners.kubernetes.CellJobFactory;
import dev.bioprompt.runners.kubernetes.CellSpecCodec;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.tracking.file.FileStoreTracker;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bioprompt run-cell} run in-process as a cell pod runs it, on a tiny toy cell. */
class RunCellCommandTest {

    @TempDir
    Path dir;

    private List<String> args(JobSpec cell, String cellId) {
        List<String> args = new ArrayList<>(List.of("--set", "runner.device=cpu",
                "--set", "tracking.uri=" + dir.resolve("mlruns"),
                "--set", "runs.dir=" + dir.resolve("runs"),
                "--set", "cache.dir=" + dir.resolve("cache")));
        args.addAll(List.of("run-cell", "--sweep", "sweep-1", "--cell", cellId, "--spec", CellSpecCodec.encode(cell)));
        return args;
    }

    @Test
    void runsTheCellAndTracksAFinishedRun() {
        runsAndTracks(ProbeMethodPlugin.NAME);
    }

    @Test
    void runsTheBuiltInZeroShotMethod() {
        runsAndTracks("zero-shot");
    }

    private void runsAndTracks(String method) {
        JobSpec cell = new JobSpec(method, "TOY_US", Protocol.FEW_SHOT, 1, 1, List.of(), Map.of());
        CliRun run = CliRun.of(Map.of(CellJobFactory.EXPERIMENT_ENV, "pods"),
                args(cell, CellIds.of(cell)).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains(SweepCellRunner.TRACKING_RUN_ID_MARKER, "cell " + CellIds.of(cell) + " finished");
        try (FileStoreTracker tracker = new FileStoreTracker(dir.resolve("mlruns"))) {
            List<RunRecord> runs = tracker.listRuns("pods");
            assertThat(runs).hasSize(1);
            RunRecord record = runs.get(0);
            assertThat(record.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(record.params()).containsEntry("method", method)
                    .containsEntry("dataset", "TOY_US").containsEntry("shots", "1");
            assertThat(record.metrics()).containsKey("accuracy");
            assertThat(record.metrics().get("accuracy")).as("percent").isBetween(0.0, 100.0);
            assertThat(record.tags()).containsEntry(SweepCellRunner.SWEEP_TAG, "sweep-1");
            assertThat(Path.of(URI.create(record.artifactUri())).resolve(RunArtifacts.PROMPT_SET)
                    .resolve("manifest.json")).isRegularFile();
        }

        // the sweep state records the cell as finished: a resubmitted pod does not run it again
        CliRun again = CliRun.of(Map.of(CellJobFactory.EXPERIMENT_ENV, "pods"),
                args(cell, CellIds.of(cell)).toArray(String[]::new));
        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("already finished");
        try (FileStoreTracker tracker = new FileStoreTracker(dir.resolve("mlruns"))) {
            assertThat(tracker.listRuns("pods")).hasSize(1);
        }
    }

    @Test
    void aSpecForAnotherCellIsRefused() {
        JobSpec cell = new JobSpec(ProbeMethodPlugin.NAME, "TOY_US", Protocol.FEW_SHOT, 1, 1, List.of(), Map.of());
        CliRun run = CliRun.of(args(cell, "some-other-cell").toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--cell 'some-other-cell'");
    }

    @Test
    void aBadSpecIsNamed() {
        CliRun run = CliRun.of("run-cell", "--sweep", "s", "--cell", "c", "--spec", "not base64 at all!");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--spec");
    }

    @Test
    void anUnknownMethodFailsTheCell() {
        JobSpec cell = new JobSpec("no-such-method", "TOY_US", Protocol.FEW_SHOT, 1, 1, List.of(), Map.of());
        CliRun run = CliRun.of(args(cell, CellIds.of(cell)).toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("FAILED", "unknown method 'no-such-method'");
    }

    @Test
    void localSettingsFillOnlyWhatTheSpecLeavesUnset() {
        JobSpec cell = new JobSpec("m", "TOY_US", Protocol.FEW_SHOT, 1, 1, List.of(),
                Map.of("train.epochs", "3", "data.root", ""));
        var settings = ConfigurationLayers.build(Map.of("train.epochs", "9",
                "data.root", "/data", "backbone.dir", "/models/b", "tracking.uri", "http://x"), Map.of(), null,
                List.of());
        JobSpec merged = RunCellCommand.withLocalSettings(cell, settings);
        assertThat(merged.settings()).containsEntry("train.epochs", "3").containsEntry("data.root", "/data")
                .containsEntry("backbone.dir", "/models/b").doesNotContainKey("tracking.uri");
    }
}
