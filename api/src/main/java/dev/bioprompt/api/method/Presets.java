package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a method's keyed preset table ({@link PromptMethod#presets()}): each row names its dataset (or
 * {@code <dataset>@<protocol>}) and each value its parameter key, so that a value cannot land in the wrong column.
 * The method contract test kit checks that every key is a declared parameter and every value parses.
 */
public final class Presets {

    private Presets() {
    }

    /** One row: a dataset (or {@code <dataset>@<protocol>}) and its values by parameter key. */
    public static Map.Entry<String, Map<String, ?>> preset(String dataset, Map<String, ?> values) {
        return Map.entry(requireNonNull(dataset, "dataset is null"), requireNonNull(values, "values is null"));
    }

    /**
     * The table of some rows, values as text (what {@link PromptMethod#presets()} returns).
     *
     * @throws IllegalArgumentException when a dataset appears twice
     */
    @SafeVarargs
    public static Map<String, Map<String, String>> table(Map.Entry<String, Map<String, ?>>... rows) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, ?>> row : rows) {
            Map<String, String> values = new TreeMap<>();
            row.getValue().forEach((k, v) -> values.put(k, String.valueOf(v)));
            if (out.put(row.getKey(), Collections.unmodifiableMap(values)) != null) {
                throw new IllegalArgumentException("preset '" + row.getKey() + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
