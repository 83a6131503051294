package dev.bioprompt.data.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.npz.MedMnistReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyWorldTest {

    private static final ToyWorld.Options SMALL = new ToyWorld.Options(64, 6, 2, 4);

    @Test
    void regeneratesByteIdenticallyFromItsSeed(@TempDir Path dir) throws Exception {
        List<Path> first = new ToyWorld(7, SMALL).generate(dir.resolve("a"));
        List<Path> second = new ToyWorld(7, SMALL).generate(dir.resolve("b"));
        assertThat(second).isEqualTo(first);
        assertThat(hashes(dir.resolve("a"), first)).isEqualTo(hashes(dir.resolve("b"), second));
        List<Path> other = new ToyWorld(8, SMALL).generate(dir.resolve("c"));
        assertThat(hashes(dir.resolve("c"), other)).isNotEqualTo(hashes(dir.resolve("a"), first));
        assertThat(first).contains(Path.of("TOY_MRI/split_TOY_MRI.json"), Path.of("toy_us_64.npz"),
                Path.of("TOY_XRAY/descriptions.json"));
    }

    @Test
    void bothFormatsHoldTheSamePixelsAndLabels(@TempDir Path dir) throws Exception {
        new ToyWorld(3, SMALL).generate(dir);
        for (ToyModality m : ToyWorld.modalities()) {
            LoadedDataset fromFiles = DatasetLoader.load(dir, m.dataset());
            assertThat(fromFiles.classNames()).isEqualTo(m.classNames());
            assertThat(fromFiles.train().size()).isEqualTo(6 * m.classes().size());
            assertThat(fromFiles.test().size()).isEqualTo(4 * m.classes().size());
            Path npz = dir.resolve(m.dataset().toLowerCase() + "_64.npz");
            var npzTest = MedMnistReader.read(npz, "test", m.classNames());
            for (int i : new int[] {0, npzTest.size() - 1}) {
                assertThat(npzTest.images().get(i).label()).isEqualTo(fromFiles.test().images().get(i).label());
                BufferedImage a = fromFiles.test().images().get(i).source().load();
                BufferedImage b = npzTest.images().get(i).source().load();
                assertThat(a.getRGB(0, 0, 64, 64, null, 0, 64)).isEqualTo(b.getRGB(0, 0, 64, 64, null, 0, 64));
            }
            String descriptions = Files.readString(dir.resolve(m.dataset()).resolve("descriptions.json"));
            assertThat(descriptions).contains(m.classNames().get(0));
        }
    }

    @Test
    void classesDifferInSimpleStatistics(@TempDir Path dir) throws Exception {
        new ToyWorld(5, SMALL).generate(dir);
        LoadedDataset mri = DatasetLoader.load(dir, "TOY_MRI");
        double[] meanByClass = new double[4];
        int[] count = new int[4];
        for (var image : mri.train().images()) {
            BufferedImage img = image.source().load();
            double centreMinusEdge = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    centreMinusEdge += img.getRGB(x, y) & 0xff;
                }
            }
            meanByClass[image.label()] += centreMinusEdge / 4096;
            count[image.label()]++;
        }
        for (int c = 0; c < 4; c++) {
            meanByClass[c] /= count[c];
        }
        // a lesion (disc, ring, stripes) adds brightness over the plain "normal brain" class
        assertThat(meanByClass[0]).isGreaterThan(meanByClass[3] + 5);
        assertThat(meanByClass[2]).isGreaterThan(meanByClass[3] + 5);
    }

    @Test
    void toyDatasetsAreCatalogued() {
        assertThat(DatasetCatalog.get("TOY_MRI").info().descriptions()).containsKey("ring enhancing lesion");
        assertThat(DatasetCatalog.get("TOY_US").classNames()).hasSize(3);
        assertThat(DatasetCatalog.get("TOY_XRAY").info().templates().get(0)).contains("{}");
        for (ToyModality m : ToyWorld.modalities()) {
            m.classes().forEach(c -> assertThat(c.descriptions()).hasSizeBetween(3, 5));
        }
    }

    @Test
    void refusesANonEmptyRoot(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x"), "x");
        assertThatThrownBy(() -> new ToyWorld(1, SMALL).generate(dir)).hasMessageContaining("must be empty");
    }

    private static Map<Path, String> hashes(Path root, List<Path> files) throws Exception {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            out.put(f, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(root.resolve(f)))));
        }
        return out;
    }
}
