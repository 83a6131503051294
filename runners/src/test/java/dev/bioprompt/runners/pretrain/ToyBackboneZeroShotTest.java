package dev.bioprompt.runners.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.ToyBackbone;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.toy.ToyModality;
import dev.bioprompt.data.toy.ToyWorld;
import dev.bioprompt.runners.cell.DataRoots;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded toy backbone carries real signal: zero-shot accuracy on every toy test set is above chance, on average
 * clearly so, and below what prompt tuning reaches (so method tests can show learning).
 */
class ToyBackboneZeroShotTest {

    @TempDir
    Path cache;

    @Test
    void zeroShotIsAboveChanceButLeavesRoomForTuning() throws Exception {
        assertThat(ToyBackbone.isEmbedded()).as("the toy backbone is embedded in the backbone jar").isTrue();
        Path world = DataRoots.toyWorld(cache);
        double sumMargin = 0;
        try (VisionLanguageModel model = BiomedClipLoader.load(ToyBackbone.extract(cache), Device.cpu())) {
            for (ToyModality modality : ToyWorld.modalities()) {
                LoadedDataset dataset = DatasetLoader.load(world, modality.dataset());
                double accuracy = ZeroShotProbe.accuracy(model, dataset.test());
                double chance = 1.0 / modality.classes().size();
                System.out.printf("toy backbone zero-shot on %s: %.1f%% (chance %.1f%%)%n", modality.dataset(),
                        100 * accuracy, 100 * chance);
                assertThat(accuracy).as("zero-shot on %s", modality.dataset()).isGreaterThan(chance + 0.1)
                        .isLessThan(0.95);
                sumMargin += accuracy - chance;
            }
        }
        assertThat(sumMargin / ToyWorld.modalities().size()).as("mean margin over chance").isGreaterThan(0.25);
    }
}
