package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.task.Protocol;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Expands an experiment (the map an experiment YAML file parses to) into a {@link SweepSpec}.
 *
 * <p>Keys: {@code experiment} (the tracking experiment name, default {@value #DEFAULT_EXPERIMENT}),
 * {@code method} or {@code methods}, {@code dataset} or {@code datasets} (both required), {@code protocol}
 * (default {@code few-shot}), {@code shots} (default 16), {@code seed} or {@code seeds} (default 1, 2, 3),
 * {@code targets} (the target datasets of a cross-dataset cell; a list that is <em>not</em> expanded), and any other
 * settings, nested maps flattened to dot-separated keys. A list value (other than {@code targets}) is a matrix axis.
 * Cells are ordered method, dataset, protocol, shots, seed, then the other axes by key, the last varying fastest.
 *
 * <p>The sweep id is the experiment name (made safe) plus a hash of the canonical expanded sweep, so the same
 * experiment gives the same id however it is spelled (key order, a single value or a one-element list), which
 * makes a resubmitted sweep resume ({@link SweepIdentity} appends the digits of its code and inputs). When other
 * settings vary, each cell's settings carry a unique {@value CellIds#CELL_ID_KEY}.
 */
public final class SweepExpander {
    /** The experiment name used when the file names none. */
    public static final String DEFAULT_EXPERIMENT = "bioprompt";

    private static final Set<String> MATRIX_KEYS = Set.of("experiment", "method", "methods", "dataset", "datasets",
            "protocol", "protocols", "shots", "seed", "seeds", "targets");

    private SweepExpander() {
    }

    /**
     * Expands an experiment.
     *
     * @param experiment the parsed experiment
     * @param source where it came from (a file name), used in error messages
     * @throws IllegalArgumentException naming the source, the key and what was expected
     */
    public static SweepSpec expand(Map<String, ?> experiment, String source) {
        requireNonNull(experiment, "experiment is null");
        requireNonNull(source, "source is null");
        String name = experiment.containsKey("experiment")
                ? scalar(source, "experiment", experiment.get("experiment")) : DEFAULT_EXPERIMENT;
        if (name.isBlank()) {
            throw new IllegalArgumentException(source + ": key 'experiment' must be a non-empty name");
        }
        List<String> methods = axis(source, experiment, "method", "methods", null);
        List<String> datasets = axis(source, experiment, "dataset", "datasets", null);
        List<String> protocolKeys = axis(source, experiment, "protocol", "protocols", List.of("few-shot"));
        List<Protocol> protocols = new ArrayList<>();
        for (String key : protocolKeys) {
            try {
                protocols.add(Protocol.fromKey(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": key 'protocol': " + e.getMessage(), e);
            }
        }
        List<Integer> shots = new ArrayList<>();
        for (String s : axis(source, experiment, "shots", "shots", List.of("16"))) {
            long k = integer(source, "shots", s);
            if (k < 1 || k > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(source + ": key 'shots': expected a positive integer, got " + s);
            }
            shots.add((int) k);
        }
        List<Long> seeds = new ArrayList<>();
        for (String s : axis(source, experiment, "seed", "seeds", List.of("1", "2", "3"))) {
            seeds.add(integer(source, "seeds", s));
        }
        List<String> targets = experiment.containsKey("targets")
                ? list(source, "targets", experiment.get("targets")) : List.of();

        Map<String, Object> rest = new TreeMap<>();
        experiment.forEach((k, v) -> {
            if (!MATRIX_KEYS.contains(k)) {
                rest.put(k, v);
            }
        });
        Map<String, List<String>> settings = new TreeMap<>();
        flatten(source, "", rest, settings);
        List<String> varying = settings.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).toList();
        List<Map<String, String>> settingCombos = combine(settings);

        List<JobSpec> cells = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String method : methods) {
            for (String dataset : datasets) {
                for (Protocol protocol : protocols) {
                    for (int k : shots) {
                        for (long seed : seeds) {
                            for (Map<String, String> combo : settingCombos) {
                                Map<String, String> cellSettings = new TreeMap<>(combo);
                                List<String> cellTargets = protocol == Protocol.CROSS_DATASET ? targets : List.of();
                                JobSpec probe = new JobSpec(method, dataset, protocol, k, seed, cellTargets,
                                        cellSettings);
                                if (!varying.isEmpty()) {
                                    StringBuilder variant = new StringBuilder();
                                    for (String key : varying) {
                                        variant.append(key).append('=').append(combo.get(key)).append('\n');
                                    }
                                    cellSettings.put(CellIds.CELL_ID_KEY,
                                            probe.cellId() + "-" + sha256(variant.toString()).substring(0, 8));
                                    probe = new JobSpec(method, dataset, protocol, k, seed, cellTargets,
                                            cellSettings);
                                }
                                if (!ids.add(CellIds.of(probe))) {
                                    throw new IllegalArgumentException(source + ": two cells have the same id '"
                                            + CellIds.of(probe) + "' (a value is repeated in a list)");
                                }
                                cells.add(probe);
                            }
                        }
                    }
                }
            }
        }
        if (protocols.contains(Protocol.CROSS_DATASET) && targets.isEmpty()) {
            throw new IllegalArgumentException(source
                    + ": key 'targets': the cross-dataset protocol needs a list of target datasets");
        }
        String canonical;
        try {
            canonical = SweepJson.mapper().writeValueAsString(new SweepSpec("", name, cells));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the sweep of " + source, e);
        }
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String sweepId = (slug.isEmpty() ? "sweep" : slug) + "-" + sha256(canonical).substring(0, 12);
        return new SweepSpec(sweepId, name, cells);
    }

    private static List<String> axis(String source, Map<String, ?> map, String single, String plural,
                                     List<String> defaults) {
        boolean hasSingle = map.containsKey(single);
        boolean hasPlural = !single.equals(plural) && map.containsKey(plural);
        if (hasSingle && hasPlural) {
            throw new IllegalArgumentException(source + ": give either '" + single + "' or '" + plural
                    + "', not both");
        }
        if (!hasSingle && !hasPlural) {
            if (defaults == null) {
                throw new IllegalArgumentException(source + ": missing key '" + single + "' (or '" + plural + "')");
            }
            return defaults;
        }
        String key = hasSingle ? single : plural;
        List<String> values = list(source, key, map.get(key));
        if (values.isEmpty()) {
            throw new IllegalArgumentException(source + ": key '" + key + "' must not be an empty list");
        }
        if (new LinkedHashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(source + ": key '" + key + "' repeats a value: " + values);
        }
        return values;
    }

    private static List<String> list(String source, String key, Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> items) {
            for (Object item : items) {
                out.add(scalar(source, key, item));
            }
        } else {
            out.add(scalar(source, key, value));
        }
        return out;
    }

    private static String scalar(String source, String key, Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            return d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0
                    ? d.toBigInteger().toString() : d.stripTrailingZeros().toPlainString();
        }
        throw new IllegalArgumentException(source + ": key '" + key + "': expected a string, number or boolean, got "
                + (value == null ? "nothing (null)" : value.getClass().getSimpleName()));
    }

    private static long integer(String source, String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": key '" + key + "': expected an integer, got '" + value
                    + "'", e);
        }
    }

    private static void flatten(String source, String prefix, Map<?, ?> map, Map<String, List<String>> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(source, key + ".", nested, out);
            } else {
                List<String> values = list(source, key, value);
                if (values.isEmpty()) {
                    throw new IllegalArgumentException(source + ": key '" + key + "' must not be an empty list");
                }
                if (new LinkedHashSet<>(values).size() != values.size()) {
                    throw new IllegalArgumentException(source + ": key '" + key + "' repeats a value: " + values);
                }
                out.put(key, values);
            }
        }
    }

    private static List<Map<String, String>> combine(Map<String, List<String>> axes) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : axis.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(combo);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
