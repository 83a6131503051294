package dev.bioprompt.cli.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ImmutableConfiguration;

/**
 * The resolved, layered configuration of one command, with typed accessors whose errors name the key.
 *
 * <p>Layers, first wins: {@code --set key=value}, environment {@code BIOPROMPT_*}, the experiment file, the method's
 * preset for the dataset, built-in defaults.
 */
public final class Settings {

    private final ImmutableConfiguration config;

    public Settings(Configuration config) {
        this.config = requireNonNull(config, "config is null");
    }

    /** A string value. */
    public Optional<String> get(String key) {
        Object value = config.getProperty(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(list.get(0)));
        }
        return Optional.of(String.valueOf(value)).map(String::trim);
    }

    /** A string value that must be present. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("missing configuration key '" + key + "'"));
    }

    /** A string with a default. */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** An integer, with an error naming the key when it is not one. */
    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, Integer::parseInt, "an integer")).orElse(defaultValue);
    }

    /** A double, with an error naming the key when it is not one. */
    public double getDouble(String key, double defaultValue) {
        return get(key).map(v -> parse(key, v, Double::parseDouble, "a number")).orElse(defaultValue);
    }

    /** A boolean, with an error naming the key when it is not one. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException("configuration key '" + key + "' expects true or false, was '" + v + "'");
        }).orElse(defaultValue);
    }

    /** A path, resolved against the working directory. */
    public Path getPath(String key, String defaultValue) {
        return Path.of(get(key, defaultValue)).toAbsolutePath().normalize();
    }

    /** A list value (YAML list, or a comma-separated string). */
    public List<String> getList(String key, List<String> defaultValue) {
        Object value = config.getProperty(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).toList();
        }
        String text = String.valueOf(value).trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return List.of(text.split("\\s*,\\s*")).stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Every key under a prefix (without the prefix and its dot), with string values. */
    public Map<String, String> subset(String prefix) {
        Map<String, String> out = new TreeMap<>();
        ImmutableConfiguration sub = config.immutableSubset(prefix);
        for (Iterator<String> it = sub.getKeys(); it.hasNext(); ) {
            String key = it.next();
            out.put(key, get(prefix + "." + key).orElse(""));
        }
        return out;
    }

    /** The raw value of a key: a string, a list (YAML lists), or null. */
    public Object raw(String key) {
        return config.getProperty(key);
    }

    /** Every key with its resolved value (for recording with a run). */
    public Map<String, String> asMap() {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<String> it = config.getKeys(); it.hasNext(); ) {
            String key = it.next();
            out.put(key, get(key).orElse(""));
        }
        return out;
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser, String what) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' expects " + what + ", was '" + value + "'", e);
        }
    }
}
