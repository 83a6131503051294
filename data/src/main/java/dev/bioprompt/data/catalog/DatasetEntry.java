package dev.bioprompt.data.catalog;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.DatasetInfo;
import java.util.List;
import java.util.Locale;

/**
 * What the catalogue knows about one dataset.
 *
 * @param info name, modality, organ, class names in label order, templates (the clinical template first) and
 *     descriptions
 * @param family the benchmark it belongs to ({@code BiomedCoOp}, {@code MedMNIST+}, {@code toy})
 * @param format the on-disk format
 * @param baseClasses the base half (first ceil(n/2) labels)
 * @param novelClasses the novel half
 * @param baseToNovel whether the reference runs base-to-novel on it (false for 2-class sets and BUSI)
 * @param splitCounts expected train/val/test sizes (empty when unknown)
 * @param classNamesVerified false when the class order could not be checked against the real split file
 */
public record DatasetEntry(DatasetInfo info, String family, DatasetFormat format, List<String> baseClasses,
                           List<String> novelClasses, boolean baseToNovel, List<Integer> splitCounts,
                           boolean classNamesVerified) {
    public DatasetEntry {
        requireNonNull(info, "info is null");
        requireNonNull(family, "family is null");
        requireNonNull(format, "format is null");
        baseClasses = List.copyOf(requireNonNull(baseClasses, "baseClasses is null"));
        novelClasses = List.copyOf(requireNonNull(novelClasses, "novelClasses is null"));
        splitCounts = List.copyOf(requireNonNull(splitCounts, "splitCounts is null"));
    }

    /** The dataset key. */
    public String name() {
        return info.name();
    }

    /** Class names in label order. */
    public List<String> classNames() {
        return info.classNames();
    }

    /** The MedMNIST-style file flag: the name in lower case ({@code pathmnist}, {@code toy_mri}). */
    public String flag() {
        return info.name().toLowerCase(Locale.ROOT);
    }
}
