package dev.bioprompt.data;

import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.data.npz.MedMnistReader;
import dev.bioprompt.data.split.SplitEntry;
import dev.bioprompt.data.split.SplitFile;
import dev.bioprompt.data.split.SplitFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and reads a dataset under a root folder, in whichever format is present:
 * <ul>
 *   <li>BiomedCoOp: {@code <root>/<DS>/split_<DS>.json} with images at {@code <root>/<DS>/<DS>/<path>};</li>
 *   <li>MedMNIST+: {@code <root>/<flag>_<size>.npz} (largest of 224, 128, 64 unless a size is asked for) or
 *       {@code <root>/<flag>.npz}, else any other {@code <flag>_<size>.npz}, largest first.</li>
 * </ul>
 * Class names come from the split file (BiomedCoOp) or the catalogue (MedMNIST+); for a catalogued BiomedCoOp
 * dataset they must equal the catalogue's, except where the catalogue marks its list unverified (then a mismatch
 * is logged and the file wins). Images are decoded lazily.
 */
public final class DatasetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);
    private static final int[] SIZES = {224, 128, 64};

    private DatasetLoader() {
    }

    /** Loads a dataset, preferring the split-file layout, then the largest {@code .npz}. */
    public static LoadedDataset load(Path root, String dataset) throws IOException {
        return load(root, dataset, 0);
    }

    /**
     * Loads a dataset.
     *
     * @param npzSize the MedMNIST+ image size to read (28, 64, 128, 224), or 0 for the largest present
     * @throws IOException naming the files that were looked for when none exists, or what is wrong with the data
     */
    public static LoadedDataset load(Path root, String dataset, int npzSize) throws IOException {
        DatasetEntry entry = DatasetCatalog.contains(dataset) ? DatasetCatalog.get(dataset) : null;
        String name = entry != null ? entry.name() : dataset;
        Path file = locate(root, dataset, npzSize);
        if (!file.getFileName().toString().endsWith(".npz")) {
            return loadSplit(root, name, file, entry);
        }
        if (entry == null) {
            throw new IOException(file + ": dataset '" + name + "' is not in the catalogue, so its class "
                    + "names are unknown (an .npz carries none)");
        }
        List<String> classes = entry.classNames();
        return new LoadedDataset(name, classes, MedMnistReader.read(file, "train", classes),
                MedMnistReader.read(file, "val", classes), MedMnistReader.read(file, "test", classes));
    }

    /**
     * The file that {@link #load(Path, String, int)} reads the dataset from: its split file
     * ({@code <root>/<DS>/split_<DS>.json}, the images beside it), or the MedMNIST+ {@code .npz} it picks.
     *
     * @throws NoSuchFileException naming the files that were looked for when none exists
     */
    public static Path locate(Path root, String dataset, int npzSize) throws IOException {
        String name = DatasetCatalog.contains(dataset) ? DatasetCatalog.get(dataset).name() : dataset;
        Path split = root.resolve(name).resolve("split_" + name + ".json");
        if (Files.isRegularFile(split)) {
            return split;
        }
        String flag = name.toLowerCase(Locale.ROOT);
        List<Path> candidates = new ArrayList<>();
        if (npzSize == 28) {
            candidates.add(root.resolve(flag + ".npz"));
        } else if (npzSize > 0) {
            candidates.add(root.resolve(flag + "_" + npzSize + ".npz"));
        } else {
            for (int size : SIZES) {
                candidates.add(root.resolve(flag + "_" + size + ".npz"));
            }
            candidates.add(root.resolve(flag + ".npz"));
            candidates.addAll(otherSizes(root, flag));
        }
        for (Path npz : candidates) {
            if (Files.isRegularFile(npz)) {
                return npz;
            }
        }
        List<Path> looked = new ArrayList<>();
        looked.add(split);
        looked.addAll(candidates);
        throw new NoSuchFileException(root.toString(), null,
                "dataset '" + name + "' not found: expected one of " + looked);
    }

    /** Any other {@code <flag>_<size>.npz} under root, largest size first. */
    private static List<Path> otherSizes(Path root, String flag) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Pattern pattern = Pattern.compile(Pattern.quote(flag) + "_(\\d+)\\.npz");
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> pattern.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt((Path p) -> {
                        Matcher m = pattern.matcher(p.getFileName().toString());
                        m.matches();
                        return -Integer.parseInt(m.group(1));
                    }))
                    .toList();
        }
    }

    private static LoadedDataset loadSplit(Path root, String name, Path splitFile, DatasetEntry entry)
            throws IOException {
        SplitFile split = SplitFileReader.read(splitFile);
        if (entry != null && !split.classNames().equals(entry.classNames())) {
            if (entry.classNamesVerified()) {
                SplitFileReader.requireClassNames(split, entry.classNames());
            }
            LOG.warn("{}: class names {} differ from the catalogue's unverified list {}; using the file's",
                    splitFile, split.classNames(), entry.classNames());
        }
        Path images = root.resolve(name).resolve(name);
        return new LoadedDataset(name, split.classNames(), toSet("train", split.train(), images, split),
                toSet("val", split.val(), images, split), toSet("test", split.test(), images, split));
    }

    private static ImageSet toSet(String setName, List<SplitEntry> entries, Path images, SplitFile split) {
        List<LabeledImage> out = new ArrayList<>(entries.size());
        for (SplitEntry e : entries) {
            out.add(new LabeledImage(new FileImageSource(e.path(), images.resolve(e.path())), e.label()));
        }
        return new ImageSet(setName, split.classNames(), out);
    }
}
