package dev.bioprompt.runners.config;

import static java.util.Objects.requireNonNull;

/**
 * One key as one configuration layer sets it.
 *
 * @param key the key
 * @param value the value: a string, or a list for a YAML list
 * @param source where it was set, for messages: {@code --set}, {@code environment variable BIOPROMPT_X},
 *     {@code exp.yaml line 3}, {@code defaults.yaml}
 */
public record SettingEntry(String key, Object value, String source) {
    public SettingEntry {
        requireNonNull(key, "key is null");
        requireNonNull(source, "source is null");
    }
}
