package dev.bioprompt.ci;

import static dev.bioprompt.ci.TestRuns.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.tracking.RunRecord;
import java.io.IOException;
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
    void unknownRunIsNamed() {
        CandidateSource source = new TrackerCandidateSource(tracker, "btmri-b2n");

        assertThatThrownBy(() -> source.runs("nope")).isInstanceOf(IOException.class)
                .hasMessageContaining("run 'nope' does not exist in memory:btmri-b2n");
    }
}
