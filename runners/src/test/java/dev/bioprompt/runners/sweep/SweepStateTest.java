package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepStateTest {
    private static final JobSpec CELL = new JobSpec("coop", "btmri", Protocol.BASE_TO_NOVEL, 16, 2, List.of(),
            Map.of("optim.lr", "0.002"));
    private static final SweepSpec SWEEP = new SweepSpec("s-0123", "exp", List.of(CELL));

    @TempDir
    Path runs;

    @Test
    void recordsStartsAndResultsThatSurviveReopening() throws Exception {
        SweepState state = SweepState.open(runs, SWEEP);
        String id = CELL.cellId();
        assertThat(state.running(id)).isEmpty();
        assertThat(state.markRunning(id, "run-1").attempt()).isEqualTo(1);
        assertThat(state.markRunning(id, "run-1").attempt()).isEqualTo(2);
        state.recordParentRun("parent-1");
        CellResult result = new CellResult(CELL, RunStatus.FINISHED, "run-1", Map.of("hm", 71.5), "");
        state.recordResult(id, result);

        SweepState reopened = SweepState.open(runs, SWEEP);
        assertThat(reopened.result(id)).contains(result);
        assertThat(reopened.isFinished(id)).isTrue();
        assertThat(reopened.parentRunId()).contains("parent-1");
        assertThat(reopened.running(id).orElseThrow().trackingRunId()).isEqualTo("run-1");
        assertThat(reopened.checkpointDir(id)).isEqualTo(runs.resolve("s-0123/cells/" + id + "/checkpoint"))
                .isDirectory();
        try (Stream<Path> files = Files.walk(runs)) {
            assertThat(files).noneMatch(f -> AtomicFiles.isTemporary(f) || f.toString().endsWith(".tmp"));
        }
    }

    @Test
    void killedResultsAreNotRecordedSoTheCellStaysResumable() {
        SweepState state = SweepState.open(runs, SWEEP);
        assertThatThrownBy(() -> state.recordResult(CELL.cellId(),
                new CellResult(CELL, RunStatus.KILLED, "r", Map.of(), "cancelled")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(state.result(CELL.cellId())).isEmpty();
    }

    @Test
    void aCorruptResultNamesTheFile() throws Exception {
        SweepState state = SweepState.open(runs, SWEEP);
        Path file = runs.resolve("s-0123/cells/" + CELL.cellId() + "/result.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"cell\": 3");
        assertThatThrownBy(() -> state.result(CELL.cellId())).hasMessageContaining(file.toString());
    }

    @Test
    void rejectsUnsafeIds() {
        SweepState state = SweepState.open(runs, SWEEP);
        assertThatThrownBy(() -> state.running("../x")).hasMessageContaining("'../x'");
    }
}
