package dev.bioprompt.cli;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.cli.plugins.PluginRegistry;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What every command can use: the layered settings, the loaded plugins, the process environment and the output
 * streams.
 *
 * @param settings the resolved configuration
 * @param plugins the loaded method plugins
 * @param environment the process environment
 * @param out standard output
 * @param err standard error
 */
public record CliContext(Settings settings, PluginRegistry plugins, Map<String, String> environment, PrintWriter out,
                         PrintWriter err) {
    public CliContext {
        requireNonNull(settings, "settings is null");
        requireNonNull(plugins, "plugins is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
    }
}
