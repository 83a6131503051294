package dev.bioprompt.ci;

import dev.bioprompt.api.task.Protocol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The final metrics a training run records, by protocol (as the engine's protocol evaluator writes them): what a gate
 * policy may name as its primary metric.
 */
public final class RunMetrics {

    /** {@code <set>_accuracy} and {@code <set>_macro_f1} of a further evaluation set (cross-dataset targets). */
    private static final Pattern PER_SET = Pattern.compile("^[A-Za-z0-9_.-]+_(accuracy|macro_f1)$");

    private static final Map<Protocol, List<String>> BY_PROTOCOL = new EnumMap<>(Map.of(
            Protocol.FEW_SHOT, List.of("accuracy", "macro_f1"),
            Protocol.BASE_TO_NOVEL, List.of("hm", "base_accuracy", "novel_accuracy", "base_macro_f1",
                    "novel_macro_f1"),
            Protocol.CROSS_DATASET, List.of("mean_accuracy")));

    private RunMetrics() {
    }

    /** Every named metric, few-shot first. */
    public static List<String> named() {
        Set<String> all = new LinkedHashSet<>();
        for (Protocol p : Protocol.values()) {
            all.addAll(BY_PROTOCOL.get(p));
        }
        return List.copyOf(all);
    }

    /** Whether runs can record this metric (a named one, or a per-set {@code <set>_accuracy}/{@code _macro_f1}). */
    public static boolean isKnown(String metric) {
        return named().contains(metric) || PER_SET.matcher(metric).matches();
    }

    /** The protocol that alone records a named metric; empty for per-set metrics any protocol may record. */
    public static Optional<Protocol> onlyRecordedBy(String metric) {
        for (Map.Entry<Protocol, List<String>> e : BY_PROTOCOL.entrySet()) {
            if (e.getValue().contains(metric)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The named metrics closest to a misspelt one (edit distance at most 3), best first. */
    public static List<String> closest(String metric) {
        List<String> out = new ArrayList<>();
        for (int d = 0; d <= 3 && out.isEmpty(); d++) {
            for (String known : named()) {
                if (distance(metric.toLowerCase(Locale.ROOT), known) == d) {
                    out.add(known);
                }
            }
        }
        return out;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
