package dev.bioprompt.cli.plugins;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.runners.cell.PluginOrigin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The methods that loaded, by name, and the plugins that did not. */
public final class PluginRegistry {

    private final Map<String, LoadedMethod> methods;
    private final List<PluginProblem> problems;
    private final List<String> warnings;

    public PluginRegistry(Map<String, LoadedMethod> methods, List<PluginProblem> problems) {
        this(methods, problems, List.of());
    }

    /**
     * @param methods the loaded methods by name
     * @param problems plugins that were skipped
     * @param warnings other findings worth a warning (a missing plugin folder, a jar without plugins)
     */
    public PluginRegistry(Map<String, LoadedMethod> methods, List<PluginProblem> problems, List<String> warnings) {
        this.methods = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(methods, "methods is null")));
        this.problems = List.copyOf(requireNonNull(problems, "problems is null"));
        this.warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** Every loaded method with its origin, sorted by name. */
    public Map<String, LoadedMethod> loaded() {
        return methods;
    }

    /** The methods by name. */
    public Map<String, PromptMethod> methods() {
        Map<String, PromptMethod> out = new LinkedHashMap<>();
        methods.forEach((name, loaded) -> out.put(name, loaded.method()));
        return Collections.unmodifiableMap(out);
    }

    /** The providing plugin (id and version) of every loaded method, by method name. */
    public Map<String, PluginOrigin> origins() {
        Map<String, PluginOrigin> out = new LinkedHashMap<>();
        methods.forEach((name, loaded) -> out.put(name,
                new PluginOrigin(loaded.pluginId(), loaded.pluginVersion())));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The method of a name.
     *
     * @throws dev.bioprompt.cli.UsageException listing the known names
     */
    public PromptMethod method(String name) {
        LoadedMethod loaded = methods.get(name);
        if (loaded == null) {
            throw new UsageException("unknown method '" + name + "'; available: "
                    + String.join(", ", methods.keySet()) + " (see 'bioprompt methods')");
        }
        return loaded.method();
    }

    /** Plugins that failed to load. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /** Findings about the plugin folder and its jars that are not a plugin failing to load. */
    public List<String> warnings() {
        return warnings;
    }

    /** Every line to show as a warning at start-up: the folder warnings, then the skipped plugins. */
    public List<String> messages() {
        List<String> out = new ArrayList<>(warnings);
        problems.forEach(p -> out.add(p.toString()));
        return List.copyOf(out);
    }
}
