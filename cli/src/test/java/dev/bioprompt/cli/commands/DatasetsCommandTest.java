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
                .contains("pathmnist")
                .contains("  download: hub datasets/TahaKoleilat/BiomedCoOp/BTMRI.zip")
                .contains("  download: https://zenodo.org/records/10519652/files/pathmnist_224.npz?download=1 "
                        + "(MD5 2c51a510bcdc9cf8ddb2af93af1eadec, MedMNIST/MedMNIST medmnist/info.py");
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
