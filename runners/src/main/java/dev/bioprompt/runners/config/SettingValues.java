package dev.bioprompt.runners.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolved configuration values, read only through declared {@link Setting}s: a value is parsed and checked with its
 * setting's type and range, and a missing or blank value falls back to the setting's default. Errors name the key.
 */
public interface SettingValues {

    /** The raw value of a key: a string, a list of values, or null when no layer sets it. */
    Object raw(String key);

    /** Every key that has a value, with the value as text. */
    Map<String, String> asMap();

    /** The value of a setting, typed, or empty when unset (or blank) and without a default. */
    default Optional<Object> find(Setting setting) {
        Object raw = raw(setting.key());
        String text = raw == null ? null : raw instanceof List<?> list
                ? (setting.type() == SettingType.LIST ? String.join(",", list.stream().map(String::valueOf).toList())
                : list.isEmpty() ? null : String.valueOf(list.get(0)))
                : String.valueOf(raw);
        if (text == null || (text.isBlank() && setting.type() != SettingType.STRING)) {
            text = setting.defaultValue();
        }
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(setting.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key '" + setting.key() + "' " + e.getMessage(), e);
        }
    }

    /** Text (also for paths and choices); empty when unset without a default. */
    default String text(Setting setting) {
        return find(setting).map(v -> String.valueOf(v).trim()).orElse("");
    }

    /** An integer, when set or defaulted. */
    default Optional<Integer> optionalInteger(Setting setting) {
        return find(setting).map(Integer.class::cast);
    }

    /** An integer that has a default. */
    default int integer(Setting setting) {
        return optionalInteger(setting).orElseThrow(() -> missing(setting));
    }

    /** A number, when set or defaulted. */
    default Optional<Double> optionalReal(Setting setting) {
        return find(setting).map(Double.class::cast);
    }

    /** A number that has a default. */
    default double real(Setting setting) {
        return optionalReal(setting).orElseThrow(() -> missing(setting));
    }

    /** A boolean that has a default. */
    default boolean flag(Setting setting) {
        return find(setting).map(Boolean.class::cast).orElseThrow(() -> missing(setting));
    }

    /** A path, absolute and normalised, when set or defaulted. */
    default Optional<Path> optionalPath(Setting setting) {
        return find(setting).map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize());
    }

    /** A path that has a default. */
    default Path path(Setting setting) {
        return optionalPath(setting).orElseThrow(() -> missing(setting));
    }

    /** A duration that has a default. */
    default Duration duration(Setting setting) {
        return find(setting).map(Duration.class::cast).orElseThrow(() -> missing(setting));
    }

    /** A list; empty when unset without a default. */
    @SuppressWarnings("unchecked")
    default List<String> list(Setting setting) {
        Object raw = raw(setting.key());
        if (raw instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (raw != null && String.valueOf(raw).isBlank()) {
            return List.of();
        }
        return find(setting).map(v -> (List<String>) v).orElse(List.of());
    }

    /** The entries below a {@link SettingType#MAP} setting, by name (the part after the key and its dot). */
    default Map<String, String> entries(Setting setting) {
        Map<String, String> out = new TreeMap<>();
        asMap().forEach((k, v) -> {
            if (setting.matches(k)) {
                out.put(k.substring(setting.key().length() + 1), v);
            }
        });
        return out;
    }

    private static IllegalArgumentException missing(Setting setting) {
        return new IllegalArgumentException("configuration key '" + setting.key() + "' is not set");
    }
}
