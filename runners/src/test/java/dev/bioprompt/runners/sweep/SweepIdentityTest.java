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

    @Test
    void theCodeDigitsFollowTheCellsHash() {
        SweepSpec cells = sweep();
        SweepSpec sweep = SweepIdentity.withCode(sweep(), "0123456789abcdef");

        assertThat(sweep.sweepId()).isEqualTo(cells.sweepId() + "-01234567").matches("btmri-few-shot-[0-9a-f]{12}-"
                + "01234567");
        assertThat(sweep.cells()).isEqualTo(cells.cells());
        assertThat(sweep.experiment()).isEqualTo("BTMRI few-shot");
        assertThat(SweepIdentity.withCode(sweep(), "fedcba9876543210").sweepId()).isNotEqualTo(sweep.sweepId());
    }

    @Test
    void aDigestThatIsNotHexIsRefused() {
        assertThatThrownBy(() -> SweepIdentity.withCode(sweep(), "0123456")).hasMessageContaining("'0123456'");
        assertThatThrownBy(() -> SweepIdentity.withCode(sweep(), "0123456Z")).hasMessageContaining("hex");
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

        assertThat(SweepIdentity.sameCellsOtherCode(runs, current)).containsExactly(cells, cells + "-bbbbbbbb");
        assertThat(SweepIdentity.sameCellsOtherCode(runs.resolve("missing"), current)).isEmpty();
        assertThat(SweepIdentity.sameCellsOtherCode(runs, "x")).isEmpty();
    }

    @Test
    void aSweepAloneHasNoSiblings() throws IOException {
        String current = SweepIdentity.withCode(sweep(), "0123456789abcdef").sweepId();
        folder(current, true);

        assertThat(SweepIdentity.sameCellsOtherCode(runs, current)).isEqualTo(List.of());
    }
}
