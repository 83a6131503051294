package dev.bioprompt.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import org.apache.commons.configuration2.Configuration;

/**
 * One configuration layer and where its keys come from.
 *
 * @param name the layer's name ({@code --set}, {@code environment}, the file name, {@code defaults})
 * @param config its keys
 * @param sourceOfKey for a key, where exactly it was set ({@code exp.yaml line 3}, {@code environment variable X})
 * @param user whether users wrote it (checked against the schema) rather than the platform
 */
public record ConfigLayer(String name, Configuration config, Function<String, String> sourceOfKey, boolean user) {
    public ConfigLayer {
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        requireNonNull(sourceOfKey, "sourceOfKey is null");
    }

    /** Where a key of this layer was set. */
    public String source(String key) {
        return sourceOfKey.apply(key);
    }
}
