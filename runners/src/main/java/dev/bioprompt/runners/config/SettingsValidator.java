package dev.bioprompt.runners.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks configuration layers against a {@link SettingsSchema} before anything runs: every key must be declared, and
 * every value must have the key's type and lie in its range. A list value of a scalar key (a matrix axis of an
 * experiment) is checked item by item.
 */
public final class SettingsValidator {

    private SettingsValidator() {
    }

    /**
     * The problems of some entries, one line each, naming the key, its source, and for an unknown key the closest
     * known keys.
     */
    public static List<String> problems(SettingsSchema schema, List<SettingEntry> entries) {
        List<String> problems = new ArrayList<>();
        for (SettingEntry entry : entries) {
            Optional<Setting> setting = schema.find(entry.key());
            if (setting.isEmpty()) {
                List<String> close = schema.closest(entry.key(), 3);
                problems.add("unknown configuration key '" + entry.key() + "' (" + entry.source() + ")"
                        + (close.isEmpty() ? "; 'bioprompt config keys' lists every key"
                        : "; did you mean " + String.join(", ", close) + "?"));
                continue;
            }
            Setting s = setting.get();
            if (s.type() == SettingType.MAP && entry.key().equals(s.key()) && entry.value() != null
                    && !String.valueOf(entry.value()).isBlank()) {
                problems.add("configuration key '" + entry.key() + "' (" + entry.source() + ") expects "
                        + s.expected().replace("<key>", s.key()));
                continue;
            }
            try {
                check(s, entry.value());
            } catch (IllegalArgumentException e) {
                problems.add("configuration key '" + entry.key() + "' (" + entry.source() + ") " + e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Throws when an entry is refused.
     *
     * @throws InvalidSettingsException listing every problem
     */
    public static void validate(SettingsSchema schema, List<SettingEntry> entries) {
        List<String> problems = problems(schema, entries);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    private static void check(Setting s, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            if (s.type() == SettingType.LIST || s.type() == SettingType.MAP) {
                return;
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("must not be an empty list");
            }
            for (Object item : list) {
                check(s, item);
            }
            return;
        }
        if (value instanceof Map<?, ?>) {
            throw new IllegalArgumentException("expects " + s.expected() + ", was a map");
        }
        String text = String.valueOf(value);
        if (text.isBlank() && s.type() != SettingType.CHOICE) {
            return;
        }
        s.parse(text);
    }
}
