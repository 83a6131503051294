package dev.bioprompt.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
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
    void catalogueHoldsNoMethodPresets() throws Exception {
        try (var in = DatasetCatalog.class.getResourceAsStream("/dev/bioprompt/data/catalog.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("\"presets\"").doesNotContain("rho-topk");
        }
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
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
