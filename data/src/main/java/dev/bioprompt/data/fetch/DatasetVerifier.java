package dev.bioprompt.data.fetch;

import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an installed dataset: every entry of every split is present and decodes, and the number of images per
 * class and split, with the split totals beside the catalogue's.
 */
public final class DatasetVerifier {

    /** How many problems are listed one by one; the rest are only counted. */
    public static final int LISTED_PROBLEMS = 20;

    private DatasetVerifier() {
    }

    /**
     * The counts of one split.
     *
     * @param split {@code train}, {@code val} or {@code test}
     * @param perClass images per class, in label order
     * @param total all images of the split
     * @param expected the catalogue's total, when it has one
     */
    public record SplitCounts(String split, List<Integer> perClass, int total, Optional<Integer> expected) {
        /** Whether the total equals the catalogue's (true when the catalogue has none). */
        public boolean matchesCatalogue() {
            return expected.map(e -> e == total).orElse(true);
        }
    }

    /**
     * The verification result.
     *
     * @param name the dataset
     * @param classNames class names in label order
     * @param splits counts per split
     * @param problemCount entries missing or undecodable
     * @param problems the first {@value #LISTED_PROBLEMS} of them
     */
    public record Report(String name, List<String> classNames, List<SplitCounts> splits, int problemCount,
                         List<String> problems) {
        /** Every entry decodes and every split total matches the catalogue. */
        public boolean ok() {
            return problemCount == 0 && splits.stream().allMatch(SplitCounts::matchesCatalogue);
        }
    }

    /** Loads {@code name} from {@code root} and checks every image. */
    public static Report verify(Path root, String name) throws IOException {
        LoadedDataset data = DatasetLoader.load(root, name);
        DatasetEntry entry = DatasetCatalog.contains(name) ? DatasetCatalog.get(name) : null;
        List<String> problems = new ArrayList<>();
        int[] problemCount = {0};
        List<SplitCounts> splits = new ArrayList<>();
        List<ImageSet> sets = List.of(data.train(), data.val(), data.test());
        for (int s = 0; s < sets.size(); s++) {
            ImageSet set = sets.get(s);
            int[] perClass = new int[data.classNames().size()];
            for (LabeledImage image : set.images()) {
                perClass[image.label()]++;
                try {
                    if (image.source().load() == null) {
                        throw new IOException("no image decoded");
                    }
                } catch (IOException | RuntimeException e) {
                    problemCount[0]++;
                    if (problems.size() < LISTED_PROBLEMS) {
                        problems.add(set.name() + ": " + image.source().id() + ": " + e.getMessage());
                    }
                }
            }
            List<Integer> counts = new ArrayList<>();
            for (int c : perClass) {
                counts.add(c);
            }
            Optional<Integer> expected = entry != null && entry.splitCounts().size() == 3
                    ? Optional.of(entry.splitCounts().get(s)) : Optional.empty();
            splits.add(new SplitCounts(set.name(), counts, set.images().size(), expected));
        }
        return new Report(data.name(), data.classNames(), splits, problemCount[0], problems);
    }
}
