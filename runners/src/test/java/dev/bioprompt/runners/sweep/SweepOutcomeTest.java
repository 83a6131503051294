package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepOutcomeTest {
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "outcome-test",
            "method", "coop", "dataset", "btmri", "shots", 4, "seeds", List.of(1, 2, 3)), "outcome-test");

    private static List<CellResult> results(String statuses) {
        List<CellResult> results = new ArrayList<>();
        String[] each = statuses.split(" ");
        for (int i = 0; i < each.length; i++) {
            results.add(new CellResult(SWEEP.cells().get(i), RunStatus.valueOf(each[i]), "", Map.of(), ""));
        }
        return results;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "FINISHED FINISHED FINISHED, FINISHED",
        "FINISHED FAILED FINISHED, FAILED",
        "FAILED FAILED FAILED, FAILED",
        "FINISHED KILLED FINISHED, KILLED",
        "FAILED KILLED FINISHED, KILLED",
        "KILLED KILLED KILLED, KILLED",
        "FINISHED RUNNING FINISHED, KILLED"})
    void anyUnendedCellMakesTheSweepKilledElseAnyFailureFailed(String cells, RunStatus expected) {
        SweepOutcome outcome = SweepOutcome.of(results(cells));
        assertThat(outcome.status()).isEqualTo(expected);
        assertThat(outcome.allFinished()).isEqualTo(!cells.contains("FAILED") && !cells.contains("KILLED")
                && !cells.contains("RUNNING"));
        assertThat(outcome.finished() + outcome.failed() + outcome.killed()).isEqualTo(3);
    }

    @Test
    void theClosingLineCountsEachKindAndSaysAKilledSweepResumes() {
        assertThat(SweepOutcome.of(results("FINISHED FAILED KILLED")).summary("s1"))
                .isEqualTo("sweep s1: 1 finished, 1 failed, 1 killed or not run (run again to resume)");
        assertThat(SweepOutcome.of(results("FINISHED FINISHED FAILED")).summary("s1"))
                .isEqualTo("sweep s1: 2 finished, 1 failed, 0 killed or not run");
    }

    @Test
    void countsThatDoNotAddUpAreRefused() {
        assertThatThrownBy(() -> new SweepOutcome(3, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to the cells (3)");
    }
}
