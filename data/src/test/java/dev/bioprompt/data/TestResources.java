package dev.bioprompt.data;

import dev.bioprompt.data.split.SplitFile;
import dev.bioprompt.data.split.SplitFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Access to the real BiomedCoOp split files kept (gzipped) in the test resources. */
public final class TestResources {

    /** The ten split files available (OCTMNIST's is too large to keep). */
    public static final List<String> SPLIT_DATASETS = List.of("BTMRI", "BUSI", "CHMNIST", "COVID_19", "CTKidney",
            "DermaMNIST", "KneeXray", "Kvasir", "LungColon", "RETINA");

    private TestResources() {
    }

    /** Parses the real split file of a dataset. */
    public static SplitFile split(String dataset) {
        String resource = "/biomedcoop-splits/split_" + dataset + ".json.gz";
        try (InputStream in = TestResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return SplitFileReader.read("split_" + dataset + ".json", new GZIPInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the real split file of a dataset to {@code <root>/<DS>/split_<DS>.json}. */
    public static Path writeSplit(Path root, String dataset) throws IOException {
        Path file = root.resolve(dataset).resolve("split_" + dataset + ".json");
        Files.createDirectories(file.getParent());
        try (InputStream in = new GZIPInputStream(
                TestResources.class.getResourceAsStream("/biomedcoop-splits/split_" + dataset + ".json.gz"))) {
            Files.copy(in, file);
        }
        return file;
    }
}
