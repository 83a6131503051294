package dev.bioprompt.runners.cell;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.runners.config.SettingValues;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed access to the flat settings a cell runs with (the resolved configuration recorded in its {@code JobSpec}),
 * with errors that name the key.
 *
 * <p>Keys used by a training cell: {@code data.root} (dataset root; empty means the generated toy world),
 * {@code backbone.dir} (empty means the embedded toy backbone), {@code descriptions.file} (a JSON file of LLM
 * descriptions per class; defaults to {@code <data.root>/<DATASET>/descriptions.json} when present),
 * {@code train.epochs}, {@code train.batch-size}, {@code train.learning-rate}, {@code train.warmup-epochs} (override
 * the method's reference training settings), {@code train.momentum}, {@code train.weight-decay} (SGD; the method's
 * defaults, 0.9 and 5e-4 in the Dassl reference), {@code train.crop-scale-min} (the smallest RandomResizedCrop area,
 * the method's default: 0.08 in the Dassl reference), {@code train.horizontal-flip} (mirror training images with
 * probability 0.5; the method's default), {@code train.checkpoints} (false to skip per-epoch checkpoints), and
 * {@code method.<name>.<parameter>}.
 *
 * @param values the settings
 */
public record CellSettings(Map<String, String> values) implements SettingValues {

    @Override
    public Object raw(String key) {
        return values.get(key);
    }

    @Override
    public Map<String, String> asMap() {
        return values;
    }

    public CellSettings {
        values = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(values, "values is null")));
    }

    /** A value, or the default when absent or blank. */
    public String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** An integer, or the default when absent. */
    public int getInt(String key, int defaultValue) {
        String v = get(key, null);
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' expects an integer, was '" + v + "'", e);
        }
    }

    /** A number, or the default when absent. */
    public double getDouble(String key, double defaultValue) {
        String v = get(key, null);
        try {
            return v == null ? defaultValue : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' expects a number, was '" + v + "'", e);
        }
    }

    /** A boolean ({@code true} or {@code false}), or the default when absent. */
    public boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("setting '" + key + "' expects true or false, was '" + v + "'");
    }

    /** Every key under {@code prefix.} with the prefix removed. */
    public Map<String, String> subset(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }
}
