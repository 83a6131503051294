package dev.bioprompt.data.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.task.ImageSet;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedMnistReaderTest {

    private static final List<String> THREE = List.of("a", "b", "c");

    @Test
    void readsRgbSplitsWithLazyPixels() throws Exception {
        Path file = NpzFileTest.resource("tiny_rgb_28.npz");
        ImageSet train = MedMnistReader.read(file, "train", THREE);
        assertThat(train.size()).isEqualTo(5);
        assertThat(train.images()).extracting(i -> i.label()).containsExactly(0, 1, 2, 1, 0);
        assertThat(train.images().get(3).source().id()).isEqualTo("tiny_rgb_28.npz#train[3]");
        BufferedImage image = train.images().get(3).source().load();
        assertThat(image.getWidth()).isEqualTo(28);
        assertThat(image.getRGB(7, 5) & 0xffffff).isEqualTo(87 << 16 | 252 << 8 | 87);
        BufferedImage last = MedMnistReader.read(file, "test", THREE).images().get(2).source().load();
        assertThat(last.getRGB(27, 27) & 0xffffff).isEqualTo(148 << 16 | 16 << 8 | 135);
    }

    @Test
    void readsGreyImagesWithFlatLabels(@TempDir Path dir) throws Exception {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (String split : List.of("train", "val", "test")) {
            arrays.put(split + "_images", NpyArray.ofUInt8("i", new long[] {2, 2, 2}, new byte[] {0, 10, 20, 30, 40, 50, 60, 70}));
            arrays.put(split + "_labels", NpyArray.ofInt64("l", new long[] {2}, new long[] {1, 0}));
        }
        Path file = dir.resolve("g_64.npz");
        NpzFile.write(file, arrays);
        ImageSet val = MedMnistReader.read(file, "val", List.of("x", "y"));
        BufferedImage second = val.images().get(1).source().load();
        assertThat(second.getRGB(1, 0) & 0xffffff).isEqualTo(50 << 16 | 50 << 8 | 50);
        assertThat(val.images()).extracting(i -> i.label()).containsExactly(1, 0);
    }

    @Test
    void numpyStoredArchiveWithOnlyTrainReportsMissingKey() throws Exception {
        Path file = NpzFileTest.resource("grey_stored.npz");
        assertThat(MedMnistReader.read(file, "train", THREE).size()).isEqualTo(2);
        assertThatThrownBy(() -> MedMnistReader.read(file, "val", THREE))
                .hasMessageContaining("grey_stored.npz").hasMessageContaining("missing key 'val_images'");
    }

    @Test
    void labelsOutOfRangeAndMismatchedCountsAreNamed(@TempDir Path dir) throws Exception {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("train_images", NpyArray.ofUInt8("i", new long[] {2, 1, 1}, new byte[2]));
        arrays.put("train_labels", NpyArray.ofInt64("l", new long[] {2, 1}, new long[] {0, 5}));
        Path file = dir.resolve("bad.npz");
        NpzFile.write(file, arrays);
        assertThatThrownBy(() -> MedMnistReader.read(file, "train", THREE))
                .hasMessageContaining("bad.npz#train_labels[1]").hasMessageContaining("label 5");
        arrays.put("train_labels", NpyArray.ofInt64("l", new long[] {3, 1}, new long[] {0, 1, 1}));
        NpzFile.write(file, arrays);
        assertThatThrownBy(() -> MedMnistReader.read(file, "train", THREE))
                .hasMessageContaining("2 images but train_labels has 3 labels");
        arrays.put("train_labels", NpyArray.ofInt64("l", new long[] {1, 2}, new long[] {0, 1}));
        NpzFile.write(file, arrays);
        assertThatThrownBy(() -> MedMnistReader.read(file, "train", THREE))
                .hasMessageContaining("expected shape [N,1] or [N]");
    }
}
