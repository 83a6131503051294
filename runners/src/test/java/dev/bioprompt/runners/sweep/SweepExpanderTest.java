package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.task.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepExpanderTest {

    @Test
    void expandsListsToAnOrderedMatrix() {
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("experiment", "BTMRI few-shot");
        experiment.put("methods", List.of("coop", "biomed-dpt"));
        experiment.put("dataset", "btmri");
        experiment.put("shots", List.of(1, 16));
        experiment.put("seeds", List.of(1, 2, 3));
        experiment.put("train", Map.of("epochs", 50, "lr", 0.002));

        SweepSpec sweep = SweepExpander.expand(experiment, "btmri.yaml");

        assertThat(sweep.experiment()).isEqualTo("BTMRI few-shot");
        assertThat(sweep.sweepId()).matches("btmri-few-shot-[0-9a-f]{12}");
        assertThat(sweep.cells()).hasSize(2 * 2 * 3);
        assertThat(sweep.cells()).extracting(JobSpec::cellId).containsExactly(
                "coop-btmri-few-shot-k1-s1", "coop-btmri-few-shot-k1-s2", "coop-btmri-few-shot-k1-s3",
                "coop-btmri-few-shot-k16-s1", "coop-btmri-few-shot-k16-s2", "coop-btmri-few-shot-k16-s3",
                "biomed-dpt-btmri-few-shot-k1-s1", "biomed-dpt-btmri-few-shot-k1-s2",
                "biomed-dpt-btmri-few-shot-k1-s3", "biomed-dpt-btmri-few-shot-k16-s1",
                "biomed-dpt-btmri-few-shot-k16-s2", "biomed-dpt-btmri-few-shot-k16-s3");
        JobSpec first = sweep.cells().get(0);
        assertThat(first.protocol()).isEqualTo(Protocol.FEW_SHOT);
        assertThat(first.settings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("train.epochs", "50", "train.lr", "0.002"));
        assertThat(first.targets()).isEmpty();
    }

    @Test
    void defaultsProtocolShotsAndSeeds() {
        SweepSpec sweep = SweepExpander.expand(Map.of("method", "coop", "dataset", "btmri"), "x.yaml");
        assertThat(sweep.experiment()).isEqualTo(SweepExpander.DEFAULT_EXPERIMENT);
        assertThat(sweep.cells()).extracting(JobSpec::shots).containsOnly(16);
        assertThat(sweep.cells()).extracting(JobSpec::seed).containsExactly(1L, 2L, 3L);
    }

    @Test
    void sweepIdIsStableAcrossSpellingsAndChangesWithTheMatrix() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("method", "coop");
        a.put("dataset", "btmri");
        a.put("seeds", List.of(1, 2));
        a.put("optim", Map.of("lr", 0.002, "momentum", 0.9));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("optim", Map.of("momentum", 0.9, "lr", 0.002));
        b.put("seeds", List.of(1, 2));
        b.put("datasets", List.of("btmri"));
        b.put("methods", List.of("coop"));
        b.put("protocol", "few-shot");
        b.put("shots", 16);

        assertThat(SweepExpander.expand(b, "b.yaml").sweepId()).isEqualTo(SweepExpander.expand(a, "a.yaml").sweepId());
        a.put("seeds", List.of(1, 2, 3));
        assertThat(SweepExpander.expand(a, "a.yaml").sweepId()).isNotEqualTo(SweepExpander.expand(b, "b.yaml").sweepId());
    }

    @Test
    void varyingSettingsGiveUniqueCellIds() {
        Map<String, Object> experiment = Map.of("method", "coop", "dataset", "btmri", "seed", 1,
                "optim", Map.of("lr", List.of(0.002, 0.01)));
        SweepSpec sweep = SweepExpander.expand(experiment, "x.yaml");
        assertThat(sweep.cells()).hasSize(2);
        assertThat(sweep.cells()).extracting(c -> c.settings().get("optim.lr")).containsExactly("0.002", "0.01");
        assertThat(sweep.cells()).extracting(CellIds::of).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("coop-btmri-few-shot-k16-s1-[0-9a-f]{8}"));
    }

    @Test
    void crossDatasetCellsCarryTargets() {
        SweepSpec sweep = SweepExpander.expand(Map.of("method", "coop", "dataset", "btmri", "seed", 1,
                "protocol", "cross-dataset", "targets", List.of("busi", "chmnist")), "x.yaml");
        assertThat(sweep.cells()).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.CROSS_DATASET);
            assertThat(c.targets()).containsExactly("busi", "chmnist");
        });
    }

    @Test
    void badInputNamesTheSourceAndKey() {
        assertThatThrownBy(() -> SweepExpander.expand(Map.of("dataset", "btmri"), "exp.yaml"))
                .hasMessageContaining("exp.yaml").hasMessageContaining("'method'");
        assertThatThrownBy(() -> SweepExpander.expand(Map.of("method", "coop", "methods", List.of("x"),
                "dataset", "d"), "exp.yaml")).hasMessageContaining("either 'method' or 'methods'");
        assertThatThrownBy(() -> SweepExpander.expand(Map.of("method", "coop", "dataset", "d", "shots", "many"),
                "exp.yaml")).hasMessageContaining("exp.yaml: key 'shots'").hasMessageContaining("integer");
        assertThatThrownBy(() -> SweepExpander.expand(Map.of("method", "coop", "dataset", "d", "protocol", "zero"),
                "exp.yaml")).hasMessageContaining("key 'protocol'").hasMessageContaining("few-shot");
        assertThatThrownBy(() -> SweepExpander.expand(Map.of("method", "coop", "dataset", "d",
                "seeds", List.of(1, 1)), "exp.yaml")).hasMessageContaining("repeats a value");
        assertThatThrownBy(() -> SweepExpander.expand(Map.of("method", "coop", "dataset", "d",
                "protocol", "cross-dataset"), "exp.yaml")).hasMessageContaining("key 'targets'");
    }
}
