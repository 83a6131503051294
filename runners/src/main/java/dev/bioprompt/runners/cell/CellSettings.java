package dev.bioprompt.runners.cell;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.runners.config.SettingValues;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flat settings a cell runs with (the resolved configuration recorded in its {@code JobSpec}), read through the
 * declared settings of {@link dev.bioprompt.runners.config.SettingsSchema} ({@code data.*}, {@code backbone.dir},
 * {@code descriptions.file}, {@code train.*}, {@code method.<name>.<parameter>}); errors name the key.
 *
 * @param values the settings
 */
public record CellSettings(Map<String, String> values) implements SettingValues {

    public CellSettings {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(values, "values is null")));
    }

    @Override
    public Object raw(String key) {
        return values.get(key);
    }

    @Override
    public Map<String, String> asMap() {
        return values;
    }

    /** Every key under {@code prefix.} with the prefix removed (the parameters of one method). */
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
