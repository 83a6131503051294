package dev.bioprompt.cli.plugins;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.PromptMethod;

/**
 * A method together with the plugin that contributed it.
 *
 * @param method the method
 * @param pluginId the contributing plugin's id
 * @param pluginVersion the contributing plugin's version (its jar's Implementation-Version)
 * @param origin the jar or class-path entry of the plugin
 */
public record LoadedMethod(PromptMethod method, String pluginId, String pluginVersion, String origin) {
    public LoadedMethod {
        requireNonNull(method, "method is null");
        requireNonNull(pluginId, "pluginId is null");
        requireNonNull(pluginVersion, "pluginVersion is null");
        requireNonNull(origin, "origin is null");
    }
}
