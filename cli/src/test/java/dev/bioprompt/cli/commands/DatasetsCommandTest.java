package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class DatasetsCommandTest {

    @Test
    void listsTheCatalogueWithClassesAndSplits() {
        CliRun run = CliRun.of("datasets");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).containsPattern("BTMRI +family BiomedCoOp +MRI, brain, 4 classes")
                .contains("  classes: glioma tumor, meningioma tumor, pituitary tumor, normal brain")
                .contains("  base:    glioma tumor, meningioma tumor\n  novel:   pituitary tumor, normal brain")
                .containsPattern("TOY_US +family toy")
                .contains("pathmnist");
    }

    @Test
    void filtersByFamilyIgnoringCase() {
        CliRun run = CliRun.of("datasets", "--family", "TOY");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("TOY_MRI", "TOY_US", "TOY_XRAY", "TOY_CXR", "4 datasets").doesNotContain("BTMRI");
    }

    @Test
    void unknownFamilyFailsListingTheKnownOnes() {
        CliRun run = CliRun.of("datasets", "--family", "nope");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("unknown dataset family 'nope'", "BiomedCoOp", "toy");
        assertThat(run.out()).isEmpty();
    }
}
