package dev.bioprompt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts. They are read before the commands are built (the configuration and the plugins
 * depend on them), and declared here so that picocli accepts and documents them anywhere on the command line.
 */
public final class GlobalOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Experiment/configuration YAML file (layer below --set and BIOPROMPT_* variables).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
            description = "Override a configuration key, e.g. --set method.coop.n-ctx=8 (repeatable; highest priority).")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    /**
     * Scans raw arguments for the global options, before the full parse.
     *
     * @throws IllegalArgumentException for an option without its value
     */
    public static GlobalOptions scan(String[] args) {
        GlobalOptions options = new GlobalOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-c") || a.equals("--config") || a.equals("--set")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String value = args[++i];
                if (a.equals("--set")) {
                    options.assignments.add(value);
                } else {
                    options.config = Path.of(value);
                }
            } else if (a.startsWith("--config=")) {
                options.config = Path.of(a.substring("--config=".length()));
            } else if (a.startsWith("--set=")) {
                options.assignments.add(a.substring("--set=".length()));
            } else if (a.equals("--verbose")) {
                options.verbose = true;
            }
        }
        return options;
    }

    /** The experiment file, or null. */
    public Path config() {
        return config;
    }

    /** The {@code --set} assignments in order. */
    public List<String> assignments() {
        return List.copyOf(assignments);
    }

    /** Whether stack traces are printed. */
    public boolean verbose() {
        return verbose;
    }
}
