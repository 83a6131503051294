package dev.bioprompt.data.catalog;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.Protocol;
import java.util.List;
import java.util.Map;

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
 * @param presets per-method, per-protocol parameter presets from the reference configs: method name, then protocol
 *     key ({@code few-shot}, {@code base-to-novel}, {@code cross-dataset}), then parameter key to raw value
 */
public record DatasetEntry(DatasetInfo info, String family, DatasetFormat format, List<String> baseClasses,
                           List<String> novelClasses, boolean baseToNovel, List<Integer> splitCounts,
                           boolean classNamesVerified, Map<String, Map<String, Map<String, String>>> presets) {
    public DatasetEntry {
        requireNonNull(info, "info is null");
        requireNonNull(family, "family is null");
        requireNonNull(format, "format is null");
        baseClasses = List.copyOf(requireNonNull(baseClasses, "baseClasses is null"));
        novelClasses = List.copyOf(requireNonNull(novelClasses, "novelClasses is null"));
        splitCounts = List.copyOf(requireNonNull(splitCounts, "splitCounts is null"));
        requireNonNull(presets, "presets is null");
        presets = presets.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> e.getValue().entrySet().stream().collect(
                        java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, p -> Map.copyOf(p.getValue())))));
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
        return info.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The reference presets of one method for one protocol on this dataset; empty when the reference has none (the
     * method's defaults then apply).
     */
    public Map<String, String> presets(String method, Protocol protocol) {
        return presets.getOrDefault(method, Map.of()).getOrDefault(protocol.key(), Map.of());
    }
}
