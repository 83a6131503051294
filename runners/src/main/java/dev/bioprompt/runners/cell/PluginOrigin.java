package dev.bioprompt.runners.cell;

import static java.util.Objects.requireNonNull;

/**
 * The plugin that provided a method, recorded in the manifest of every prompt set the method trains.
 *
 * @param id the plugin id ({@code MethodPlugin.id()})
 * @param version the plugin version (its jar's Implementation-Version)
 */
public record PluginOrigin(String id, String version) {
    public PluginOrigin {
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
    }
}
