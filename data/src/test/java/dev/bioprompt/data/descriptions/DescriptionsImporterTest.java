package dev.bioprompt.data.descriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.data.DescriptionsReader;
import dev.bioprompt.data.catalog.DatasetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionsImporterTest {

    private static final Path FIXTURES = Path.of("src/test/resources/descriptions");
    private static final List<String> BTMRI = DatasetCatalog.get("BTMRI").classNames();

    @TempDir
    Path dir;

    @Test
    void biomedCoOpCollectionReportsMissingAndRenamedClasses() throws IOException {
        Map<String, List<String>> all = DescriptionsImporter.readCollection(DescriptionCollection.BIOMEDCOOP,
                FIXTURES.resolve("biomedcoop"), "BTMRI", false);
        DescriptionsImporter.Imported imported = DescriptionsImporter.select("BTMRI", BTMRI, all,
                FIXTURES.resolve("biomedcoop/trainers/prompt_templates.py"));
        assertThat(imported.descriptions().keySet()).containsExactly("glioma tumor", "meningioma tumor",
                "normal brain");
        assertThat(imported.missing()).containsExactly("pituitary tumor");
        assertThat(imported.renamed()).containsExactly(Map.entry("meningioma tumor", "Meningioma Tumor"));
        Path out = Files.write(dir.resolve("BTMRI.json"), imported.json());
        ClassDescriptions read = DescriptionsReader.read(out, List.of("glioma tumor", "normal brain"));
        assertThat(read.byClass().get("normal brain")).hasSize(3);
    }

    @Test
    void ogkdCollectionWithDocstringUnderscoresAndTuples() throws IOException {
        Map<String, List<String>> all = DescriptionsImporter.readCollection(DescriptionCollection.OGKD,
                FIXTURES.resolve("ogkd"), "BTMRI", false);
        DescriptionsImporter.Imported imported = DescriptionsImporter.select("BTMRI", BTMRI, all, dir);
        assertThat(imported.missing()).isEmpty();
        assertThat(imported.renamed()).containsExactly(Map.entry("glioma tumor", "glioma_tumor"));
        assertThat(imported.descriptions().get("pituitary tumor")).containsExactly("Fictional sentence in a tuple.");
    }

    @Test
    void bioVlmAttributeFilesPerFamily() throws IOException {
        Map<String, List<String>> breast = DescriptionsImporter.readCollection(DescriptionCollection.BIOVLM,
                FIXTURES.resolve("biovlm"), "breastmnist", true);
        DescriptionsImporter.Imported imported = DescriptionsImporter.select("breastmnist",
                DatasetCatalog.get("breastmnist").classNames(), breast, dir);
        assertThat(imported.missing()).isEmpty();
        assertThat(imported.descriptions().get("malignant")).hasSize(2);
        assertThat(DescriptionsImporter.sourceFile(DescriptionCollection.BIOVLM, FIXTURES.resolve("biovlm"),
                "COVID_19", false)).endsWith(Path.of("attributes_bio", "covid19.json"));
        Map<String, List<String>> covid = DescriptionsImporter.readCollection(DescriptionCollection.BIOVLM,
                FIXTURES.resolve("biovlm"), "COVID_19", false);
        assertThat(DescriptionsImporter.select("COVID_19", DatasetCatalog.get("COVID_19").classNames(), covid, dir)
                .missing()).hasSize(4);
    }

    @Test
    void missingFilesAndVariablesAreNamed() throws IOException {
        assertThatThrownBy(() -> DescriptionsImporter.readCollection(DescriptionCollection.BIOMED_DPT,
                dir, "BTMRI", false)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("prompt_templates.py");
        Files.createDirectories(dir.resolve("trainers"));
        Files.writeString(dir.resolve("trainers/prompt_templates.py"), "OTHER = {}\n");
        assertThatThrownBy(() -> DescriptionsImporter.readCollection(DescriptionCollection.BIOMED_DPT,
                dir, "BTMRI", false)).hasMessageContaining("no assignment to BIOMEDDPT_TEMPLATES");
    }
}
