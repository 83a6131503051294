package dev.bioprompt.ci;

import static dev.bioprompt.ci.TestRuns.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.RunRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackerCandidateSourceTest {

    private final List<RunRecord> children = sweep("child", "parent-1", "coop", Map.of("btmri", 70.0), 1, 2, 3);
    private final InMemoryTracker tracker = new InMemoryTracker("btmri-b2n")
            .add(TestRuns.parent("parent-1")).add(children)
            .add(sweep("other", "parent-2", "coop", Map.of("btmri", 50.0), 1))
            .add(TestRuns.run("solo", null, "coop", "btmri", 1, 66.0));

    @Test
    void sweepParentYieldsItsChildren() throws Exception {
        CandidateSource source = new TrackerCandidateSource(tracker, "btmri-b2n");

        assertThat(source.runs("parent-1")).containsExactlyInAnyOrderElementsOf(children);
        assertThat(source.runs("solo")).extracting(RunRecord::runId).containsExactly("solo");
        assertThat(source.runs("child-btmri-2")).extracting(RunRecord::runId).containsExactly("child-btmri-2");
    }

    @Test
    void sweepOfAChildYieldsItsSiblings() throws Exception {
        CandidateSource source = new TrackerCandidateSource(tracker, "btmri-b2n");

        assertThat(source.sweepOf("child-btmri-1")).containsExactlyInAnyOrderElementsOf(children);
        assertThat(source.sweepOf("solo")).extracting(RunRecord::runId).containsExactly("solo");
    }

    @Test
    void aSweepIdNamesTheTaggedCellRunsAndLeavesOutTheParent() throws Exception {
        RunRecord parent = tagged(TestRuns.parent("parent-9"), "btmri-1a2b3c");
        List<RunRecord> cells = sweep("cell", "parent-9", "coop", Map.of("btmri", 70.0), 1, 2).stream()
                .map(r -> tagged(r, "btmri-1a2b3c")).toList();
        tracker.add(parent).add(cells);
        CandidateSource source = new TrackerCandidateSource(tracker, "btmri-b2n");

        CandidateRuns bySweep = source.candidate("btmri-1a2b3c");
        assertThat(bySweep.runs()).containsExactlyInAnyOrderElementsOf(cells);
        assertThat(bySweep.leftOut()).singleElement().satisfies(d -> {
            assertThat(d.runId()).isEqualTo("parent-9");
            assertThat(d.reason()).contains("parent run");
        });
        assertThat(bySweep.description()).contains("sweep btmri-1a2b3c", "parent-9", "2 run(s)");

        CandidateRuns byParent = source.candidate("parent-9");
        assertThat(byParent.runs()).containsExactlyInAnyOrderElementsOf(cells);
        assertThat(byParent.description()).contains("sweep parent run parent-9", "btmri-1a2b3c");
        assertThat(source.candidate("cell-btmri-2").runs()).extracting(RunRecord::runId)
                .containsExactly("cell-btmri-2");
    }

    @Test
    void aParentWhoseRunsLieInAnotherExperimentIsNamed() {
        tracker.add(tagged(TestRuns.parent("lonely"), "other-sweep"));
        CandidateSource source = new TrackerCandidateSource(tracker, "elsewhere");

        assertThatThrownBy(() -> source.candidate("lonely")).isInstanceOf(IOException.class)
                .hasMessageContaining("parent run of sweep other-sweep").hasMessageContaining("--experiment");
        assertThatThrownBy(() -> source.candidate("no-such-sweep")).isInstanceOf(IOException.class)
                .hasMessageContaining("neither a run id nor a sweep id").hasMessageContaining("'elsewhere'");
    }

    private static RunRecord tagged(RunRecord r, String sweepId) {
        Map<String, String> tags = new HashMap<>(r.tags());
        tags.put(TrackerCandidateSource.SWEEP_TAG, sweepId);
        if (r.tags().containsKey("mlflow.parentRunId")) {
            tags.put(TrackerCandidateSource.CELL_TAG, r.runName());
        }
        return new RunRecord(r.runId(), r.experimentId(), r.runName(), r.status(), r.startTime(), r.params(),
                r.metrics(), tags, r.artifactUri());
    }

    @Test
    void unknownRunIsNamed() {
        CandidateSource source = new TrackerCandidateSource(tracker, "btmri-b2n");

        assertThatThrownBy(() -> source.runs("nope")).isInstanceOf(IOException.class)
                .hasMessageContaining("run 'nope' does not exist in memory:btmri-b2n");
    }
}
