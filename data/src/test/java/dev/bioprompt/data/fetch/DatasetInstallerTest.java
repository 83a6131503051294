package dev.bioprompt.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing a BTMRI-shaped archive in the layouts an archive may have, then verifying it. */
class DatasetInstallerTest {

    static final List<String> CLASSES = List.of("glioma_tumor", "meningioma_tumor", "pituitary_tumor", "normal_brain");

    @TempDir
    Path dir;

    /** The split file of a tiny BTMRI: per class 2 train, 1 val, 1 test images. */
    static String split() {
        StringBuilder train = new StringBuilder();
        StringBuilder val = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int c = 0; c < CLASSES.size(); c++) {
            String n = CLASSES.get(c);
            for (int i = 0; i < 4; i++) {
                StringBuilder into = i < 2 ? train : i == 2 ? val : test;
                into.append(into.length() == 0 ? "" : ", ").append("[\"").append(n).append('/').append(i)
                        .append(".png\", ").append(c).append(", \"").append(n).append("\"]");
            }
        }
        return "{\"train\": [" + train + "], \"val\": [" + val + "], \"test\": [" + test + "]}";
    }

    static byte[] png(int shade) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, (shade * 40 + x * 8) << 16 | (y * 16) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Entries of a tiny BTMRI archive, images under {@code imagePrefix}, the split file at {@code splitName}. */
    static Map<String, byte[]> archive(String imagePrefix, String splitName) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (splitName != null) {
            out.put(splitName, split().getBytes(StandardCharsets.UTF_8));
        }
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int i = 0; i < 4; i++) {
                out.put(imagePrefix + CLASSES.get(c) + "/" + i + ".png", png(c));
            }
        }
        return out;
    }

    private Path zip(Map<String, byte[]> entries) throws IOException {
        return Files.write(dir.resolve("BTMRI.zip"), ZipFixtures.zip(entries));
    }

    @Test
    void installsTheDocumentedLayoutAndVerifies() throws IOException {
        Path zip = zip(archive("BTMRI/BTMRI/", "BTMRI/split_BTMRI.json"));
        Path root = dir.resolve("data");
        DatasetInstaller.Installed done = new DatasetInstaller(SafeZipExtractor.DEFAULT)
                .install(zip, "BTMRI", root, Optional.empty());
        assertThat(done.splitFromArchive()).isTrue();
        assertThat(done.files()).isEqualTo(17);
        assertThat(root.resolve("BTMRI/split_BTMRI.json")).isRegularFile();
        assertThat(root.resolve("BTMRI/BTMRI/normal_brain/3.png")).isRegularFile();
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("BTMRI");
        }
        DatasetVerifier.Report report = DatasetVerifier.verify(root, "BTMRI");
        assertThat(report.problemCount()).isZero();
        assertThat(report.classNames()).containsExactly("glioma tumor", "meningioma tumor", "pituitary tumor",
                "normal brain");
        assertThat(report.splits()).extracting(DatasetVerifier.SplitCounts::total).containsExactly(8, 4, 4);
        assertThat(report.splits().get(0).perClass()).containsExactly(2, 2, 2, 2);
        assertThat(report.splits().get(0).expected()).contains(2854);
        assertThat(report.ok()).isFalse();
        assertThat(new DatasetInstaller(SafeZipExtractor.DEFAULT).install(zip, "BTMRI", root, Optional.empty())
                .alreadyPresent()).isTrue();
    }

    @Test
    void flatArchiveWithoutSplitFileNeedsOneGiven() throws IOException {
        Path zip = zip(archive("", null));
        Path root = dir.resolve("data");
        DatasetInstaller installer = new DatasetInstaller(SafeZipExtractor.DEFAULT);
        assertThatThrownBy(() -> installer.install(zip, "BTMRI", root, Optional.empty()))
                .hasMessageContaining("has no split_BTMRI.json").hasMessageContaining("--split-file");
        assertThat(root.resolve("BTMRI")).doesNotExist();
        Path split = Files.writeString(dir.resolve("split_BTMRI.json"), split());
        DatasetInstaller.Installed done = installer.install(zip, "BTMRI", root, Optional.of(split));
        assertThat(done.splitFromArchive()).isFalse();
        assertThat(root.resolve("BTMRI/BTMRI/glioma_tumor/0.png")).isRegularFile();
        assertThat(DatasetVerifier.verify(root, "BTMRI").problemCount()).isZero();
    }

    @Test
    void verifyNamesMissingAndUndecodableEntries() throws IOException {
        Path root = dir.resolve("data");
        new DatasetInstaller(SafeZipExtractor.DEFAULT).install(zip(archive("BTMRI/", "split_BTMRI.json")), "BTMRI",
                root, Optional.empty());
        Files.delete(root.resolve("BTMRI/BTMRI/glioma_tumor/0.png"));
        Files.writeString(root.resolve("BTMRI/BTMRI/normal_brain/3.png"), "not a png");
        DatasetVerifier.Report report = DatasetVerifier.verify(root, "BTMRI");
        assertThat(report.problemCount()).isEqualTo(2);
        assertThat(String.join("\n", report.problems())).contains("glioma_tumor/0.png").contains("normal_brain/3.png");
    }

    @Test
    void imagesThatDoNotMatchTheSplitFileAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("BTMRI/split_BTMRI.json", split().getBytes(StandardCharsets.UTF_8));
        entries.put("BTMRI/other/x.png", png(0));
        Path root = dir.resolve("data");
        assertThatThrownBy(() -> new DatasetInstaller(SafeZipExtractor.DEFAULT).install(zip(entries), "BTMRI", root,
                Optional.empty())).hasMessageContaining("glioma_tumor/0.png");
        assertThat(root.resolve("BTMRI")).doesNotExist();
        List<String> left = new ArrayList<>();
        try (var s = Files.list(root)) {
            s.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertThat(left).isEmpty();
    }
}
