package dev.bioprompt.cli.plugins;

import static java.util.Objects.requireNonNull;

/**
 * A plugin that could not be loaded, and why. Other plugins still load.
 *
 * @param origin the jar (or class-path entry) the plugin came from
 * @param className the plugin class, or the provider name when the class could not be found
 * @param message what went wrong
 */
public record PluginProblem(String origin, String className, String message) {
    public PluginProblem {
        requireNonNull(origin, "origin is null");
        requireNonNull(className, "className is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return "plugin " + className + " from " + origin + ": " + message;
    }
}
