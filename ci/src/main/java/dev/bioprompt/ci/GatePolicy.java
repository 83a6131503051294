package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.PromptSetRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a candidate must show to be promoted. Read from a YAML policy file:
 *
 * <pre>
 * alias: production              # the alias whose current holder is the champion (default production)
 * primary-metric: hm             # run metric compared, averaged over seeds then datasets (higher is better)
 * min-improvement: 0.5           # candidate mean minus champion mean must be at least this
 * regression-tolerance: 1.0      # no dataset may fall more than this below the champion
 * required-settings:             # run params a run needs to count (others are ignored); the champion's runs
 *                                #   must match them too, except method (a champion keeps its own method)
 *   protocol: base2novel
 *   shots: 16
 * required-seeds: [1, 2, 3]      # seeds each dataset must have results for
 * max-spread: 3.0                # largest allowed spread of the metric across seeds (omit to skip)
 * spread: range                  # range (max-min) or std
 * </pre>
 *
 * @param alias the alias whose holder is the champion
 * @param primaryMetric the compared run metric
 * @param minImprovement the least improvement over the champion (may be 0 or negative)
 * @param regressionTolerance how far any dataset may fall below the champion
 * @param requiredSettings run parameters a run must have to count
 * @param requiredSeeds seeds each dataset needs
 * @param maxSpread the largest allowed spread across seeds, or empty for no limit
 * @param spread how spread is measured
 */
public record GatePolicy(String alias, String primaryMetric, double minImprovement, double regressionTolerance,
                         Map<String, String> requiredSettings, List<String> requiredSeeds, OptionalDouble maxSpread,
                         SpreadMeasure spread) {

    private static final Set<String> KEYS = Set.of("alias", "primary-metric", "min-improvement",
            "regression-tolerance", "required-settings", "required-seeds", "max-spread", "spread");

    public GatePolicy {
        requireNonNull(alias, "alias is null");
        if (!PromptSetRegistry.isValidName(alias)) {
            throw new IllegalArgumentException("invalid alias '" + alias + "'");
        }
        requireNonNull(primaryMetric, "primaryMetric is null");
        if (primaryMetric.isBlank()) {
            throw new IllegalArgumentException("primary metric is empty");
        }
        if (Double.isNaN(minImprovement) || Double.isNaN(regressionTolerance) || regressionTolerance < 0) {
            throw new IllegalArgumentException("min-improvement must be a number and regression-tolerance a number"
                    + " >= 0");
        }
        requiredSettings = Map.copyOf(requireNonNull(requiredSettings, "requiredSettings is null"));
        requiredSeeds = List.copyOf(requireNonNull(requiredSeeds, "requiredSeeds is null"));
        requireNonNull(maxSpread, "maxSpread is null");
        requireNonNull(spread, "spread is null");
    }

    /** A copy comparing against another alias. */
    public GatePolicy withAlias(String newAlias) {
        return new GatePolicy(newAlias, primaryMetric, minImprovement, regressionTolerance, requiredSettings,
                requiredSeeds, maxSpread, spread);
    }

    /**
     * Reads a policy file.
     *
     * @throws IOException naming the file and the offending key when it is missing or malformed
     */
    public static GatePolicy load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("gate policy file " + file + " does not exist", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses policy YAML.
     *
     * @param where names the source in error messages
     * @throws IOException naming the source and the offending key
     */
    public static GatePolicy parse(String yamlText, String where) throws IOException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (YAMLException e) {
            throw new IOException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IOException(where + ": expected a mapping of policy keys (" + String.join(", ", sortedKeys())
                    + ")");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new IOException(where + ": unknown key '" + key + "'; expected one of "
                        + String.join(", ", sortedKeys()));
            }
        }
        try {
            String alias = map.containsKey("alias") ? text(map, "alias", where) : "production";
            if (!map.containsKey("primary-metric")) {
                throw new IOException(where + ": missing key 'primary-metric' (for example hm or accuracy)");
            }
            String metric = text(map, "primary-metric", where);
            double minImprovement = number(map, "min-improvement", 0, where);
            double tolerance = number(map, "regression-tolerance", 0, where);
            if (tolerance < 0) {
                throw new IOException(where + ": key 'regression-tolerance' must be >= 0, was " + tolerance);
            }
            OptionalDouble maxSpread = map.get("max-spread") == null ? OptionalDouble.empty()
                    : OptionalDouble.of(number(map, "max-spread", 0, where));
            SpreadMeasure spread;
            try {
                spread = map.containsKey("spread") ? SpreadMeasure.parse(text(map, "spread", where))
                        : SpreadMeasure.RANGE;
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": key 'spread': " + e.getMessage(), e);
            }
            Map<String, String> settings = new LinkedHashMap<>();
            Object rawSettings = map.get("required-settings");
            if (rawSettings != null) {
                if (!(rawSettings instanceof Map<?, ?> s)) {
                    throw new IOException(where + ": key 'required-settings' must be a mapping of run params to "
                            + "values (for example protocol: base2novel)");
                }
                s.forEach((k, v) -> settings.put(String.valueOf(k), RunValues.normalize(String.valueOf(v))));
            }
            List<String> seeds = new ArrayList<>();
            Object rawSeeds = map.get("required-seeds");
            if (rawSeeds != null) {
                if (!(rawSeeds instanceof List<?> l)) {
                    throw new IOException(where + ": key 'required-seeds' must be a list (for example [1, 2, 3])");
                }
                l.forEach(v -> seeds.add(RunValues.normalize(String.valueOf(v))));
            }
            return new GatePolicy(alias, metric, minImprovement, tolerance, settings, seeds, maxSpread, spread);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<?, ?> map, String key, String where) throws IOException {
        Object v = map.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IOException(where + ": key '" + key + "' must be a non-empty text, was " + v);
        }
        return s.trim();
    }

    private static double number(Map<?, ?> map, String key, double fallback, String where) throws IOException {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
            throw new IOException(where + ": key '" + key + "' must be a number, was '" + v + "'");
        }
        return n.doubleValue();
    }

    private static List<String> sortedKeys() {
        return KEYS.stream().sorted().toList();
    }
}
