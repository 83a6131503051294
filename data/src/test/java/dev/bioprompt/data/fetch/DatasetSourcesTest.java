package dev.bioprompt.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import java.net.URI;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DatasetSourcesTest {

    @Test
    void everyRealCataloguedDatasetHasASourceWithItsProvenance() {
        for (DatasetEntry e : DatasetCatalog.all()) {
            if (e.family().equals("toy")) {
                continue;
            }
            DatasetSource s = DatasetSources.get(e.name());
            assertThat(s.source()).as(e.name()).isNotBlank();
            if (e.family().equals("MedMNIST+")) {
                assertThat(s.kind()).isEqualTo(DatasetSource.Kind.URL);
                assertThat(s.file()).isEqualTo(e.flag() + "_224.npz");
                assertThat(s.md5().orElseThrow()).matches("[0-9a-f]{32}");
                assertThat(s.url().orElseThrow().toString())
                        .isEqualTo("https://zenodo.org/records/10519652/files/" + e.flag() + "_224.npz?download=1");
                assertThat(s.source()).contains("info.py");
            } else {
                assertThat(s.kind()).isEqualTo(DatasetSource.Kind.HUB_ZIP);
                assertThat(s.repo()).isEqualTo("datasets/TahaKoleilat/BiomedCoOp");
                assertThat(s.file()).isEqualTo(e.name() + ".zip");
            }
        }
        assertThat(DatasetSources.all()).hasSize(22);
    }

    @Test
    void knownValuesAndMirrorRewriting() {
        DatasetSource path = DatasetSources.get("pathmnist");
        assertThat(path.md5()).contains("2c51a510bcdc9cf8ddb2af93af1eadec");
        assertThat(path.urlAt(URI.create("http://127.0.0.1:8080/")).toString())
                .isEqualTo("http://127.0.0.1:8080/records/10519652/files/pathmnist_224.npz?download=1");
        assertThat(DatasetSources.get("btmri").name()).isEqualTo("BTMRI");
        assertThatThrownBy(() -> DatasetSources.get("TOY_MRI")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no download source");
    }
}
