package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.task.Protocol;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

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
 *   protocol: base-to-novel      #   few-shot, base-to-novel or cross-dataset
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
     * @throws GatePolicyException naming the file, the line, the offending key and what was expected, when the file
     *     does not follow the policy schema
     * @throws IOException when the file does not exist or cannot be read
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
     * Parses policy YAML and checks it against the policy schema: known keys only (each once), the right type for
     * each, a metric that runs record, run params that runs have, and valid values for the protocol, shots and seeds.
     *
     * @param where names the source in error messages
     * @throws GatePolicyException naming the source, the line, the offending key and what was expected
     */
    public static GatePolicy parse(String yamlText, String where) throws GatePolicyException {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yamlText));
        } catch (YAMLException e) {
            throw new GatePolicyException(where + ": not valid YAML: " + e.getMessage(), "");
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new GatePolicyException(where + ": expected a mapping of policy keys ("
                    + String.join(", ", sortedKeys()) + ")", "");
        }
        Map<String, NodeTuple> entries = entries(mapping, where, "");
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw problem(where, e.getValue().getKeyNode(), e.getKey(), "unknown key"
                        + suggestion(e.getKey(), KEYS) + "; expected one of " + String.join(", ", sortedKeys()));
            }
        }
        String alias = entries.containsKey("alias") ? text(entries.get("alias"), "alias", where) : "production";
        if (!PromptSetRegistry.isValidName(alias)) {
            throw problem(where, entries.get("alias").getValueNode(), "alias", "'" + alias + "' is not a valid alias:"
                    + " use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (!entries.containsKey("primary-metric")) {
            throw new GatePolicyException(where + ": missing key 'primary-metric' (a metric the runs record: "
                    + String.join(", ", RunMetrics.named()) + ", or <set>_accuracy)", "primary-metric");
        }
        NodeTuple metricEntry = entries.get("primary-metric");
        String metric = text(metricEntry, "primary-metric", where);
        if (!RunMetrics.isKnown(metric)) {
            List<String> close = RunMetrics.closest(metric);
            throw problem(where, metricEntry.getValueNode(), "primary-metric", "unknown metric '" + metric + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                    + " Runs record " + String.join(", ", RunMetrics.named())
                    + ", and <set>_accuracy / <set>_macro_f1 for further evaluation sets");
        }
        double minImprovement = number(entries.get("min-improvement"), "min-improvement", 0, where, false);
        double tolerance = number(entries.get("regression-tolerance"), "regression-tolerance", 0, where, true);
        OptionalDouble maxSpread = entries.containsKey("max-spread") && !isNull(entries.get("max-spread"))
                ? OptionalDouble.of(number(entries.get("max-spread"), "max-spread", 0, where, true))
                : OptionalDouble.empty();
        SpreadMeasure spread = SpreadMeasure.RANGE;
        if (entries.containsKey("spread")) {
            try {
                spread = SpreadMeasure.parse(text(entries.get("spread"), "spread", where));
            } catch (IllegalArgumentException e) {
                throw problem(where, entries.get("spread").getValueNode(), "spread", e.getMessage());
            }
        }
        Map<String, String> settings = requiredSettings(entries.get("required-settings"), where);
        String protocol = settings.get(RunValues.PROTOCOL);
        Optional<Protocol> metricProtocol = RunMetrics.onlyRecordedBy(metric);
        if (protocol != null && metricProtocol.isPresent() && !metricProtocol.get().key().equals(protocol)) {
            throw problem(where, metricEntry.getValueNode(), "primary-metric", "metric '" + metric + "' is recorded"
                    + " only by " + metricProtocol.get().key() + " runs, but required-settings.protocol is "
                    + protocol + " (its runs record "
                    + RunMetrics.named().stream().filter(m -> RunMetrics.onlyRecordedBy(m)
                            .map(p -> p.key().equals(protocol)).orElse(false)).collect(Collectors.joining(", "))
                    + ")");
        }
        List<String> seeds = new ArrayList<>();
        NodeTuple seedsEntry = entries.get("required-seeds");
        if (seedsEntry != null && !isNull(seedsEntry)) {
            if (!(seedsEntry.getValueNode() instanceof SequenceNode list)) {
                throw problem(where, seedsEntry.getValueNode(), "required-seeds", "must be a list of seeds (for example"
                        + " [1, 2, 3]), was " + describe(seedsEntry.getValueNode()));
            }
            for (Node item : list.getValue()) {
                if (!(item instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
                    throw problem(where, item, "required-seeds", "each seed must be a whole number, was "
                            + describe(item));
                }
                seeds.add(RunValues.normalize(s.getValue().replace("_", "")));
            }
        }
        try {
            return new GatePolicy(alias, metric, minImprovement, tolerance, settings, seeds, maxSpread, spread);
        } catch (IllegalArgumentException e) {
            throw new GatePolicyException(where + ": " + e.getMessage(), "");
        }
    }

    /** Run params a policy may pin; {@code method.<parameter>} and {@code config.<key>} are accepted as well. */
    private static final List<String> SETTINGS = List.of(RunValues.METHOD, RunValues.DATASET, RunValues.PROTOCOL,
            RunValues.SHOTS, RunValues.SEED, "targets", "backbone");

    private static Map<String, String> requiredSettings(NodeTuple entry, String where) throws GatePolicyException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (entry == null || isNull(entry)) {
            return settings;
        }
        if (!(entry.getValueNode() instanceof MappingNode mapping)) {
            throw problem(where, entry.getValueNode(), "required-settings", "must be a mapping of run params to values"
                    + " (for example protocol: base-to-novel), was " + describe(entry.getValueNode()));
        }
        for (Map.Entry<String, NodeTuple> e : entries(mapping, where, "required-settings.").entrySet()) {
            String key = e.getKey();
            String dotted = "required-settings." + key;
            Node value = e.getValue().getValueNode();
            if (!SETTINGS.contains(key) && !key.matches("(method|config)\\.[a-z0-9][a-z0-9.-]*")) {
                throw problem(where, e.getValue().getKeyNode(), dotted, "unknown run param" + suggestion(key, SETTINGS)
                        + "; runs record " + String.join(", ", SETTINGS) + ", method.<parameter> and config.<key>");
            }
            if (!(value instanceof ScalarNode scalar) || Tag.NULL.equals(value.getTag())) {
                throw problem(where, value, dotted, "must be a single value, was " + describe(value));
            }
            String text = scalar.getValue().trim();
            switch (key) {
                case RunValues.PROTOCOL -> {
                    Optional<Protocol> p = Arrays.stream(Protocol.values())
                            .filter(x -> x.key().equalsIgnoreCase(text) || x.name().equalsIgnoreCase(text)).findFirst();
                    if (p.isEmpty()) {
                        throw problem(where, value, dotted, "unknown protocol '" + text + "'; valid values: "
                                + Arrays.stream(Protocol.values()).map(Protocol::key)
                                .collect(Collectors.joining(", ")));
                    }
                    settings.put(key, p.get().key());
                }
                case RunValues.SHOTS, RunValues.SEED -> {
                    if (!Tag.INT.equals(value.getTag())
                            || (key.equals(RunValues.SHOTS) && Long.parseLong(text.replace("_", "")) < 1)) {
                        throw problem(where, value, dotted, "must be a " + (key.equals(RunValues.SHOTS)
                                ? "positive whole number of shots per class (for example 16)" : "whole number")
                                + ", was " + describe(value));
                    }
                    settings.put(key, RunValues.normalize(text.replace("_", "")));
                }
                default -> {
                    if (text.isEmpty()) {
                        throw problem(where, value, dotted, "must not be empty");
                    }
                    settings.put(key, RunValues.normalize(text));
                }
            }
        }
        return settings;
    }

    /** The keys of a mapping in file order; a repeated key is refused (YAML would silently keep the last). */
    private static Map<String, NodeTuple> entries(MappingNode mapping, String where, String prefix)
            throws GatePolicyException {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw problem(where, tuple.getKeyNode(), prefix.isEmpty() ? "(key)" : prefix + "(key)",
                        "keys must be plain names, was " + describe(tuple.getKeyNode()));
            }
            if (out.put(key.getValue(), tuple) != null) {
                throw problem(where, key, prefix + key.getValue(), "appears more than once");
            }
        }
        return out;
    }

    private static String text(NodeTuple entry, String key, String where) throws GatePolicyException {
        Node v = entry.getValueNode();
        if (!(v instanceof ScalarNode s) || !Tag.STR.equals(s.getTag()) || s.getValue().isBlank()) {
            throw problem(where, v, key, "must be a non-empty text, was " + describe(v));
        }
        return s.getValue().trim();
    }

    private static double number(NodeTuple entry, String key, double fallback, String where, boolean nonNegative)
            throws GatePolicyException {
        if (entry == null || isNull(entry)) {
            return fallback;
        }
        Node v = entry.getValueNode();
        double value = Double.NaN;
        if (v instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            try {
                value = Double.parseDouble(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw problem(where, v, key, "must be a number, was " + describe(v));
        }
        if (nonNegative && value < 0) {
            throw problem(where, v, key, "must be >= 0, was " + s(value));
        }
        return value;
    }

    private static boolean isNull(NodeTuple entry) {
        return Tag.NULL.equals(entry.getValueNode().getTag());
    }

    private static String s(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            if (Tag.NULL.equals(s.getTag())) {
                return "empty";
            }
            return "'" + s.getValue() + "'" + (Tag.STR.equals(s.getTag()) ? "" : " (" + typeName(s.getTag()) + ")");
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }

    private static String typeName(Tag tag) {
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "a number";
        }
        return Tag.BOOL.equals(tag) ? "a boolean" : tag.getValue();
    }

    private static GatePolicyException problem(String where, Node node, String key, String message) {
        int line = node.getStartMark() == null ? -1 : node.getStartMark().getLine() + 1;
        return new GatePolicyException(where + (line > 0 ? ":" + line : "") + ": key '" + key + "': " + message, key);
    }

    private static String suggestion(String key, Collection<String> known) {
        List<String> close = known.stream().filter(k -> RunMetrics.distance(key, k) <= 2).sorted().toList();
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }

    private static List<String> sortedKeys() {
        return KEYS.stream().sorted().toList();
    }
}
