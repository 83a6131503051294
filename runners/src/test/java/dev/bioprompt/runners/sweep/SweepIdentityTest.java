package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.runner.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepIdentityTest {

    @TempDir
    Path runs;

    private static SweepSpec sweep() {
        return SweepExpander.expand(Map.of("experiment", "BTMRI few-shot", "method", "coop", "dataset", "BTMRI",
                "seed", 1), "exp.yaml");
    }

    private static final String CODE = "0".repeat(63) + "1";
    private static final String INPUTS = "a".repeat(64);

    @Test
    void theDigitsOfCodeAndInputsFollowTheCellsHash() {
        SweepSpec cells = sweep();
        SweepSpec sweep = SweepIdentity.of(sweep(), CODE, INPUTS);

        assertThat(sweep.sweepId()).matches("btmri-few-shot-[0-9a-f]{12}-[0-9a-f]{8}").startsWith(cells.sweepId() + "-")
                .isEqualTo(SweepIdentity.of(sweep(), CODE, INPUTS).sweepId());
        assertThat(sweep.cells()).isEqualTo(cells.cells());
        assertThat(sweep.experiment()).isEqualTo("BTMRI few-shot");
        assertThat(List.of(SweepIdentity.of(sweep(), INPUTS, CODE).sweepId(),
                SweepIdentity.of(sweep(), CODE, "b".repeat(64)).sweepId(),
                SweepIdentity.of(sweep(), "c".repeat(64), INPUTS).sweepId()))
                .doesNotContain(sweep.sweepId()).doesNotHaveDuplicates();
    }

    @Test
    void aDigestThatIsNotHexIsRefused() {
        assertThatThrownBy(() -> SweepIdentity.of(sweep(), "0123456", INPUTS)).hasMessageContaining("'0123456'")
                .hasMessageContaining("code digest");
        assertThatThrownBy(() -> SweepIdentity.of(sweep(), CODE, "Z".repeat(64))).hasMessageContaining("inputs");
    }

    private void folder(String name, boolean withSpec) throws IOException {
        Files.createDirectories(runs.resolve(name));
        if (withSpec) {
            Files.writeString(runs.resolve(name).resolve("sweep.json"), "{}");
        }
    }

    @Test
    void findsTheSweepsOfTheSameCellsRunByOtherCode() throws IOException {
        String cells = sweep().sweepId();
        String current = cells + "-aaaaaaaa";
        folder(current, true);
        folder(cells + "-bbbbbbbb", true);
        folder(cells, true); // before code ids
        folder(cells + "-cccccccc", false); // no sweep record: not a sweep
        folder(cells + "-dddddddd-x", true);
        folder("btmri-few-shot-000000000000-bbbbbbbb", true); // other cells

        assertThat(SweepIdentity.sameCellsOtherCodeOrInputs(runs, current)).containsExactly(cells, cells + "-bbbbbbbb");
        assertThat(SweepIdentity.sameCellsOtherCodeOrInputs(runs.resolve("missing"), current)).isEmpty();
        assertThat(SweepIdentity.sameCellsOtherCodeOrInputs(runs, "x")).isEmpty();
    }

    @Test
    void aSweepAloneHasNoSiblings() throws IOException {
        String current = SweepIdentity.of(sweep(), CODE, INPUTS).sweepId();
        folder(current, true);

        assertThat(SweepIdentity.sameCellsOtherCodeOrInputs(runs, current)).isEqualTo(List.of());
    }
}
