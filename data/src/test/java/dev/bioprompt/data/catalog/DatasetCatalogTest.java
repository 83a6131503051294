package dev.bioprompt.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.task.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetCatalogTest {

    @Test
    void listsTheBenchmarkMedMnistAndToyDatasets() {
        assertThat(DatasetCatalog.family("BiomedCoOp")).extracting(DatasetEntry::name).containsExactly("BTMRI", "BUSI",
                "CHMNIST", "COVID_19", "CTKidney", "DermaMNIST", "KneeXray", "Kvasir", "LungColon", "OCTMNIST", "RETINA");
        assertThat(DatasetCatalog.family("MedMNIST+")).extracting(DatasetEntry::name).containsExactly("pathmnist",
                "dermamnist", "octmnist", "pneumoniamnist", "retinamnist", "breastmnist", "bloodmnist", "tissuemnist",
                "organamnist", "organcmnist", "organsmnist");
        assertThat(DatasetCatalog.family("toy")).extracting(DatasetEntry::name)
                .containsExactly("TOY_MRI", "TOY_US", "TOY_XRAY", "TOY_CXR");
        assertThat(DatasetCatalog.all()).hasSize(26);
        for (DatasetEntry e : DatasetCatalog.all()) {
            assertThat(e.info().templates()).as(e.name()).isNotEmpty().allSatisfy(t -> assertThat(t).contains("{}"));
            assertThat(e.baseClasses().size()).as(e.name()).isEqualTo((e.classNames().size() + 1) / 2);
            assertThat(concat(e.baseClasses(), e.novelClasses())).isEqualTo(e.classNames());
        }
    }

    @Test
    void presetsAreTheReferenceValues() {
        DatasetEntry covid = DatasetCatalog.get("COVID_19");
        assertThat(covid.presets("biomed-dpt", Protocol.FEW_SHOT)).containsEntry("n-ctx", "6")
                .containsEntry("lambda-l1", "65.0").containsEntry("lambda-kl", "2.5")
                .containsEntry("ctx-init", "a chest X-ray photo of a").containsEntry("class-token-position", "end");
        assertThat(covid.presets("biomed-dpt", Protocol.BASE_TO_NOVEL)).containsEntry("class-token-position", "middle");
        assertThat(DatasetCatalog.get("KneeXray").presets("biomedcoop", Protocol.FEW_SHOT)).containsEntry("tau", "1.75");
        assertThat(DatasetCatalog.get("BUSI").presets("biomedcoop", Protocol.BASE_TO_NOVEL)).isEmpty();
        assertThat(DatasetCatalog.get("Kvasir").presets("ogkd", Protocol.BASE_TO_NOVEL))
                .containsEntry("lambda-lgd", "22.0").containsEntry("alpha", "1.0");
        assertThat(DatasetCatalog.get("retinamnist").presets("biovlm", Protocol.FEW_SHOT))
                .containsEntry("prefix", "a fundus image of").containsEntry("suffix", "");
        Map<String, Map<String, String>> dpt = DatasetCatalog.presets("biomed-dpt", Protocol.FEW_SHOT);
        assertThat(dpt).hasSize(11).containsKey("RETINA");
        assertThat(dpt.get("RETINA")).containsEntry("n-ctx", "4");
    }

    @Test
    void lookupIsExactThenUniqueCaseInsensitive() {
        assertThat(DatasetCatalog.get("btmri").name()).isEqualTo("BTMRI");
        assertThat(DatasetCatalog.get("DermaMNIST").family()).isEqualTo("BiomedCoOp");
        assertThat(DatasetCatalog.get("dermamnist").family()).isEqualTo("MedMNIST+");
        assertThatThrownBy(() -> DatasetCatalog.get("nope")).hasMessageContaining("unknown dataset 'nope'")
                .hasMessageContaining("BTMRI");
        assertThat(DatasetCatalog.get("OCTMNIST").classNamesVerified()).isFalse();
        assertThat(DatasetCatalog.get("BUSI").baseToNovel()).isFalse();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
