package dev.bioprompt.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.data.TestResources;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFileReaderTest {

    @Test
    void realSplitFilesParseWithCatalogueClassListsAndSizes() {
        for (String dataset : TestResources.SPLIT_DATASETS) {
            SplitFile split = TestResources.split(dataset);
            DatasetEntry entry = DatasetCatalog.get(dataset);
            assertThat(split.classNames()).as(dataset).isEqualTo(entry.classNames());
            assertThat(List.of(split.train().size(), split.val().size(), split.test().size()))
                    .as(dataset).isEqualTo(entry.splitCounts());
            for (SplitEntry e : split.train()) {
                assertThat(e.path()).as(dataset).contains("/");
            }
        }
    }

    @Test
    void busiFirstEntryIsReadVerbatim() {
        SplitFile busi = TestResources.split("BUSI");
        assertThat(busi.train().get(0)).isEqualTo(new SplitEntry("benign_tumor/benign (1).png", 0, "benign tumor"));
        assertThat(busi.classNames()).containsExactly("benign tumor", "malignant tumor", "normal scan");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("split_X.json");
        assertThatThrownBy(() -> SplitFileReader.read(missing)).hasMessageContaining(missing.toString());
    }

    @Test
    void wrongShapesAreRejectedWithFileAndPosition() {
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("t.json").hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"train\": [], \"val\": []}"))
                .hasMessageContaining("expected exactly the keys");
        assertThatThrownBy(() -> parse("{\"train\": {}, \"val\": [], \"test\": []}"))
                .hasMessageContaining("'train' must be a list");
        assertThatThrownBy(() -> parse("{\"train\": [[\"a/1.png\", \"0\", \"a\"]], \"val\": [], \"test\": []}"))
                .hasMessageContaining("train[0]").hasMessageContaining("label (int)");
        assertThatThrownBy(() -> parse("{\"train\": [[\"a/1.png\", 0]], \"val\": [], \"test\": []}"))
                .hasMessageContaining("train[0]");
        assertThatThrownBy(() -> parse("{\"train\": [], \"val\": [], \"test\": []}"))
                .hasMessageContaining("train split is empty");
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("t.json: not valid JSON");
    }

    @Test
    void labelsThatDisagreeWithClassNamesAreRejected() {
        assertThatThrownBy(() -> parse("{\"train\": [[\"a/1.png\", 0, \"a\"], [\"b/1.png\", 0, \"b\"]],"
                + " \"val\": [], \"test\": []}"))
                .hasMessageContaining("train[1]").hasMessageContaining("label 0 is 'b' here but 'a' earlier");
        assertThatThrownBy(() -> parse("{\"train\": [[\"a/1.png\", 0, \"a\"]], \"val\": [],"
                + " \"test\": [[\"a/2.png\", 1, \"a\"]]}"))
                .hasMessageContaining("test[0]").hasMessageContaining("class 'a' has label 1");
        assertThatThrownBy(() -> parse("{\"train\": [[\"a/1.png\", 0, \"a\"], [\"c/1.png\", 2, \"c\"]],"
                + " \"val\": [], \"test\": []}"))
                .hasMessageContaining("without gaps");
    }

    @Test
    void classNamesAreCheckedAgainstAnExpectedList() throws IOException {
        SplitFile split = parse("{\"train\": [[\"a_b/1.png\", 0, \"a_b\"]], \"val\": [], \"test\": []}");
        assertThat(split.classNames()).containsExactly("a b");
        assertThatThrownBy(() -> SplitFileReader.requireClassNames(split, List.of("x")))
                .hasMessageContaining("t.json").hasMessageContaining("[a b]").hasMessageContaining("[x]");
    }

    private static SplitFile parse(String json) throws IOException {
        return SplitFileReader.read("t.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
