package dev.bioprompt.runners.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.testkit.FileTestTracker;
import dev.bioprompt.runners.testkit.WorkingCellExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodCellRunnerTest {
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "pod-test", "method", "coop",
            "dataset", "btmri", "seed", 1), "pod-test");

    @TempDir
    Path dir;

    @Test
    void runsTheNamedCellAndPrintsTheRunIdTheKubernetesRunnerReads() {
        JobSpec cell = SWEEP.cells().get(0);
        FileTestTracker tracker = new FileTestTracker(dir.resolve("mlruns"));
        List<String> log = new ArrayList<>();
        CellResult result = PodCellRunner.run(SWEEP.sweepId(), CellIds.of(cell), CellSpecCodec.encode(cell),
                Map.of("BIOPROMPT_EXPERIMENT", "pod-test", "BIOPROMPT_PARENT_RUN_ID", "parent-9"),
                dir.resolve("runs"), tracker, new WorkingCellExecutor(1, 1), Device.cpu(), log::add);

        assertThat(result.status()).isEqualTo(RunStatus.FINISHED);
        Matcher m = Pattern.compile("tracking-run-id: (\\S+)").matcher(String.join("\n", log));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(result.trackingRunId());
        var run = tracker.stored(result.trackingRunId()).orElseThrow();
        assertThat(run.experiment()).isEqualTo("pod-test");
        assertThat(run.tags()).containsEntry("mlflow.parentRunId", "parent-9")
                .containsEntry("bioprompt.cell", CellIds.of(cell));
    }

    @Test
    void aSpecForAnotherCellIsRefused() {
        JobSpec cell = SWEEP.cells().get(0);
        assertThatThrownBy(() -> PodCellRunner.run(SWEEP.sweepId(), "other-cell", CellSpecCodec.encode(cell),
                Map.of(), dir.resolve("runs"), new FileTestTracker(dir.resolve("mlruns")),
                new WorkingCellExecutor(1, 1), Device.cpu(), s -> { }))
                .hasMessageContaining("not --cell 'other-cell'");
    }
}
