package dev.bioprompt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.data.toy.ToyWorld;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskBuilderTest {

    private static List<String> reference(String dataset, String key) throws IOException {
        try (InputStream in = TaskBuilderTest.class.getResourceAsStream("/fewshot-reference.json")) {
            Map<String, Map<String, List<String>>> all = new ObjectMapper().readValue(in, new TypeReference<>() { });
            return all.get(dataset).get(key);
        }
    }

    private static void writeImage(Path file, String format, boolean rgb) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(20, 12, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                if (rgb) {
                    image.setRGB(x, y, (x * 12) << 16 | (y * 20) << 8 | 99);
                } else {
                    image.getRaster().setSample(x, y, 0, x * 10);
                }
            }
        }
        assertThat(ImageIO.write(image, format, file.toFile())).as("writer for " + format).isTrue();
    }

    @Test
    void fewShotSupportSetMatchesTheReferenceAndDecodes(@TempDir Path root) throws IOException {
        TestResources.writeSplit(root, "BTMRI");
        FewShotTask task = new TaskBuilder(root).build("BTMRI", Protocol.FEW_SHOT, 2, 3, List.of());
        List<String> expected = reference("BTMRI", "K2_seed3");
        assertThat(task.support().images()).extracting(i -> i.source().id()).containsExactlyElementsOf(expected);
        assertThat(task.classNames()).containsExactly("glioma tumor", "meningioma tumor", "pituitary tumor", "normal brain");
        assertThat(task.validation().size()).isEqualTo(8);
        assertThat(task.evaluations()).singleElement().extracting(ImageSet::size).isEqualTo(1717);
        for (LabeledImage image : task.support().images()) {
            writeImage(root.resolve("BTMRI/BTMRI").resolve(image.source().id()), "jpeg", true);
        }
        BufferedImage first = task.support().images().get(0).source().load();
        assertThat(first.getWidth()).isEqualTo(20);
        assertThat(first.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void readsPngGreyAndTiffImagesAndNamesCorruptOrMissingFiles(@TempDir Path root) throws IOException {
        TestResources.writeSplit(root, "CHMNIST");
        TestResources.writeSplit(root, "BUSI");
        LoadedDataset chmnist = DatasetLoader.load(root, "CHMNIST");
        LabeledImage tif = chmnist.train().images().get(0);
        assertThat(tif.source().id()).endsWith(".tif");
        writeImage(root.resolve("CHMNIST/CHMNIST").resolve(tif.source().id()), "tiff", true);
        assertThat(tif.source().load().getRGB(5, 5) & 0xffffff).isEqualTo(60 << 16 | 100 << 8 | 99);

        LoadedDataset busi = DatasetLoader.load(root, "BUSI");
        LabeledImage png = busi.test().images().get(0);
        writeImage(root.resolve("BUSI/BUSI").resolve(png.source().id()), "png", false);
        BufferedImage grey = png.source().load();
        assertThat(grey.getRGB(7, 3) & 0xffffff).isEqualTo(0x464646);

        LabeledImage corrupt = busi.test().images().get(1);
        Path corruptFile = root.resolve("BUSI/BUSI").resolve(corrupt.source().id());
        Files.write(corruptFile, new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> corrupt.source().load()).isInstanceOf(IOException.class)
                .hasMessageContaining(corruptFile.toString());
        LabeledImage missing = busi.test().images().get(2);
        assertThatThrownBy(() -> missing.source().load()).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.source().id());
    }

    @Test
    void baseToNovelKeepsTheBaseHalfAndRelabels(@TempDir Path root) throws IOException {
        TestResources.writeSplit(root, "BTMRI");
        FewShotTask fewShot = new TaskBuilder(root).build("BTMRI", Protocol.FEW_SHOT, 16, 1, List.of());
        FewShotTask task = new TaskBuilder(root).build("BTMRI", Protocol.BASE_TO_NOVEL, 16, 1, List.of());
        assertThat(task.classNames()).containsExactly("glioma tumor", "meningioma tumor");
        assertThat(task.support().size()).isEqualTo(32);
        List<String> baseFromFewShot = fewShot.support().images().stream().filter(i -> i.label() < 2)
                .map(i -> i.source().id()).toList();
        assertThat(task.support().images()).extracting(i -> i.source().id()).containsExactlyElementsOf(baseFromFewShot);
        ImageSet base = task.evaluations().get(0);
        ImageSet novel = task.evaluations().get(1);
        assertThat(base.name()).isEqualTo("base");
        assertThat(novel.name()).isEqualTo("novel");
        assertThat(novel.classNames()).containsExactly("pituitary tumor", "normal brain");
        assertThat(base.size() + novel.size()).isEqualTo(1717);
        assertThat(novel.images()).allSatisfy(i -> assertThat(i.label()).isBetween(0, 1));
        assertThat(novel.images().stream().filter(i -> i.source().id().startsWith("normal_brain")))
                .allSatisfy(i -> assertThat(i.label()).isEqualTo(1));
    }

    @Test
    void crossDatasetAddsTargetsWithTheirOwnClassNames(@TempDir Path root) throws IOException {
        TestResources.writeSplit(root, "BTMRI");
        TestResources.writeSplit(root, "BUSI");
        FewShotTask task = new TaskBuilder(root).build("BTMRI", Protocol.CROSS_DATASET, 1, 1, List.of("BUSI"));
        assertThat(task.evaluations()).extracting(ImageSet::name).containsExactly("test", "target:BUSI");
        assertThat(task.evaluations().get(1).classNames()).containsExactly("benign tumor", "malignant tumor", "normal scan");
        assertThat(task.evaluations().get(1).size()).isEqualTo(236);
        assertThatThrownBy(() -> new TaskBuilder(root).build("BTMRI", Protocol.CROSS_DATASET, 1, 1, List.of()))
                .hasMessageContaining("at least one target");
        assertThatThrownBy(() -> new TaskBuilder(root).build("BTMRI", Protocol.FEW_SHOT, 1, 1, List.of("BUSI")))
                .hasMessageContaining("only used by cross-dataset");
    }

    @Test
    void missingDatasetNamesWhatWasLookedFor(@TempDir Path root) {
        assertThatThrownBy(() -> DatasetLoader.load(root, "RETINA"))
                .hasMessageContaining("split_RETINA.json").hasMessageContaining("retina_224.npz");
    }

    @Test
    void classNamesThatDisagreeWithTheCatalogueAreRejected(@TempDir Path root) throws IOException {
        Path split = root.resolve("BUSI/split_BUSI.json");
        Files.createDirectories(split.getParent());
        Files.writeString(split, "{\"train\": [[\"a/1.png\", 0, \"benign tumor\"], [\"b/1.png\", 1, \"normal scan\"],"
                + " [\"c/1.png\", 2, \"malignant tumor\"]], \"val\": [], \"test\": []}");
        assertThatThrownBy(() -> DatasetLoader.load(root, "BUSI"))
                .hasMessageContaining(split.toString()).hasMessageContaining("disagree");
    }

    @Test
    void toyWorldTasksLoadFromBothFormats(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("toy");
        new ToyWorld(11, new ToyWorld.Options(32, 5, 2, 3)).generate(root);
        FewShotTask fromFiles = new TaskBuilder(root).build("TOY_XRAY", Protocol.FEW_SHOT, 4, 2, List.of());
        assertThat(fromFiles.support().size()).isEqualTo(16);
        Files.move(root.resolve("TOY_XRAY"), dir.resolve("moved"));
        FewShotTask fromNpz = new TaskBuilder(root).build("TOY_XRAY", Protocol.FEW_SHOT, 4, 2, List.of());
        assertThat(fromNpz.support().images()).extracting(LabeledImage::label)
                .containsExactlyElementsOf(fromFiles.support().images().stream().map(LabeledImage::label).toList());
        assertThat(fromNpz.support().images().get(0).source().id()).startsWith("toy_xray_32.npz#train[");
        assertThat(fromNpz.support().images().get(0).source().load().getWidth()).isEqualTo(32);
    }
}
