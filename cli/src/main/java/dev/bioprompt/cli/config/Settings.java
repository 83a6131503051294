package dev.bioprompt.cli.config;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.runners.config.Setting;
import dev.bioprompt.runners.config.SettingEntry;
import dev.bioprompt.runners.config.SettingValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ImmutableConfiguration;

/**
 * The resolved, layered configuration of one command, read through the declared settings
 * ({@link dev.bioprompt.runners.config.SettingsSchema}); errors name the key.
 *
 * <p>Layers, first wins: {@code --set key=value}, environment {@code BIOPROMPT_*}, the experiment file, the method's
 * preset for the dataset, built-in defaults. Each value knows the layer it came from ({@link #origin(String)}).
 */
public final class Settings implements SettingValues {

    private final ImmutableConfiguration config;
    private final List<ConfigLayer> layers;

    /** Settings over one configuration (tests). */
    public Settings(Configuration config) {
        this(config, List.of(new ConfigLayer("configuration", config, key -> "configuration", true)));
    }

    /** Settings over layers, first wins; {@code config} is their composition. */
    public Settings(Configuration config, List<ConfigLayer> layers) {
        this.config = requireNonNull(config, "config is null");
        this.layers = List.copyOf(requireNonNull(layers, "layers is null"));
    }

    @Override
    public Object raw(String key) {
        return config.getProperty(key);
    }

    /** The value of a setting as text; empty when unset without a default. */
    public String get(Setting setting) {
        return text(setting);
    }

    /** Every key with its resolved value (for recording with a run). */
    @Override
    public Map<String, String> asMap() {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<String> it = config.getKeys(); it.hasNext(); ) {
            String key = it.next();
            out.put(key, string(config.getProperty(key)).orElse(""));
        }
        return out;
    }

    /** Where the winning value of a key was set ({@code --set key}, a variable, a file and line, defaults.yaml). */
    public Optional<String> origin(String key) {
        for (ConfigLayer layer : layers) {
            if (layer.config().containsKey(key)) {
                return Optional.of(layer.source(key));
            }
        }
        return Optional.empty();
    }

    /** Every key that users set (--set, environment, the experiment file), with its source, layer by layer. */
    public List<SettingEntry> userEntries() {
        List<SettingEntry> out = new ArrayList<>();
        for (ConfigLayer layer : layers) {
            if (!layer.user()) {
                continue;
            }
            for (Iterator<String> it = layer.config().getKeys(); it.hasNext(); ) {
                String key = it.next();
                out.add(new SettingEntry(key, layer.config().getProperty(key), layer.source(key)));
            }
        }
        return out;
    }

    /** Every key of every layer, with its source (the defaults included). */
    public List<SettingEntry> allEntries() {
        List<SettingEntry> out = new ArrayList<>();
        for (ConfigLayer layer : layers) {
            for (Iterator<String> it = layer.config().getKeys(); it.hasNext(); ) {
                String key = it.next();
                out.add(new SettingEntry(key, layer.config().getProperty(key), layer.source(key)));
            }
        }
        return out;
    }

    /**
     * A value by key, or the default when unset. Prefer the declared settings ({@code text(Setting)}); this remains
     * for code written before the schema, and reads only keys the schema has already checked.
     */
    public String get(String key, String defaultValue) {
        return string(config.getProperty(key)).orElse(defaultValue);
    }

    /** A path by key, absolute (see {@link #get(String, String)}). */
    public Path getPath(String key, String defaultValue) {
        return Path.of(get(key, defaultValue)).toAbsolutePath().normalize();
    }

    /** A boolean by key (see {@link #get(String, String)}). */
    public boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("configuration key '" + key + "' expects true or false, was '" + v + "'");
    }

    /** An integer by key (see {@link #get(String, String)}). */
    public int getInt(String key, int defaultValue) {
        String v = get(key, null);
        try {
            return v == null ? defaultValue : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' expects an integer, was '" + v + "'", e);
        }
    }

    /** A list by key (see {@link #get(String, String)}). */
    public List<String> getList(String key, List<String> defaultValue) {
        Object raw = config.getProperty(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).toList();
        }
        String t = String.valueOf(raw).trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s*,\\s*"));
    }

    /** Every key under a prefix, without the prefix (see {@link #get(String, String)}). */
    public Map<String, String> subset(String prefix) {
        Map<String, String> out = new TreeMap<>();
        asMap().forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }

    private static Optional<String> string(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            return Optional.of(String.join(",", list.stream().map(String::valueOf).map(String::trim).toList()));
        }
        return Optional.of(String.valueOf(value).trim());
    }
}
