package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Evaluates a candidate (a set of runs: seeds x datasets) against a {@link GatePolicy} and the champion currently
 * holding the policy's alias.
 *
 * <p>Only runs whose params match the policy's required settings count; for each dataset the primary metric is
 * averaged over seeds. Checks, in order: the candidate has matching runs; they finished (a failed run counts as
 * superseded when a finished rerun of the same dataset and seed exists); there is one finished run per dataset and
 * seed (runs that differ only in settings the policy does not pin are ambiguous); every dataset has the required
 * seeds; the spread across seeds is within bounds; the
 * mean over the datasets both share improves on the champion by at least the minimum; no dataset falls more than the
 * tolerance below the champion, and no dataset the champion was evaluated on is missing. Without a champion (the
 * alias was never set) the improvement check passes with a first-promotion note and the other checks still apply.
 */
public final class PromotionGate {

    private PromotionGate() {
    }

    /**
     * Evaluates a candidate.
     *
     * @param policy the policy
     * @param candidateId the candidate's run or sweep id, for the report
     * @param candidateRuns the candidate's runs
     * @param champion the current holder of the alias, if any
     */
    public static GateResult evaluate(GatePolicy policy, String candidateId, List<RunRecord> candidateRuns,
                                      Optional<Champion> champion) {
        return evaluate(policy, CandidateRuns.of(requireNonNull(candidateId, "candidateId is null"),
                requireNonNull(candidateRuns, "candidateRuns is null")), champion);
    }

    /**
     * Evaluates a resolved candidate; the result says for every run behind the candidate and the champion whether
     * it was counted, or why it was left out.
     *
     * @param policy the policy
     * @param resolved the candidate's runs, and the runs its id named that were left out
     * @param champion the current holder of the alias, if any
     */
    public static GateResult evaluate(GatePolicy policy, CandidateRuns resolved, Optional<Champion> champion) {
        requireNonNull(policy, "policy is null");
        requireNonNull(resolved, "resolved is null");
        requireNonNull(champion, "champion is null");
        String candidateId = resolved.description();
        List<RunRecord> candidateRuns = resolved.runs();
        String metric = policy.primaryMetric();
        List<CheckResult> checks = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        List<RunRecord> matching = candidateRuns.stream().filter(r -> matches(r, policy, true)).toList();
        String settings = policy.requiredSettings().isEmpty() ? "any settings"
                : policy.requiredSettings().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        checks.add(CheckResult.of("candidate runs with required settings", ">= 1 run with " + settings,
                matching.size() + " of " + candidateRuns.size() + " runs", !matching.isEmpty()));
        if (matching.size() < candidateRuns.size()) {
            notes.add((candidateRuns.size() - matching.size()) + " candidate run(s) ignored: settings differ from "
                    + settings);
        }
        List<RunRecord> finished = matching.stream().filter(r -> r.status() == RunStatus.FINISHED).toList();
        Set<String> finishedCells = finished.stream().map(PromotionGate::cell)
                .collect(Collectors.toSet());
        List<RunRecord> unfinished = new ArrayList<>();
        for (RunRecord r : matching) {
            if (r.status() != RunStatus.FINISHED) {
                if (finishedCells.contains(cell(r))) {
                    notes.add("candidate run " + r.runId() + " (" + r.status() + ") was superseded by a finished rerun");
                } else {
                    unfinished.add(r);
                }
            }
        }
        checks.add(CheckResult.of("candidate runs finished", "all FINISHED",
                unfinished.isEmpty() ? finished.size() + " FINISHED"
                        : unfinished.stream().map(r -> r.runId() + " " + r.status()).collect(Collectors.joining(", ")),
                unfinished.isEmpty()));
        Map<String, List<RunRecord>> byCell = finished.stream()
                .collect(Collectors.groupingBy(PromotionGate::cell, TreeMap::new, Collectors.toList()));
        List<String> ambiguous = byCell.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + ": " + e.getValue().stream().map(RunRecord::runId)
                        .collect(Collectors.joining(" ")))
                .toList();
        checks.add(new CheckResult("one candidate run per dataset and seed", "1 run each",
                ambiguous.isEmpty() ? "1 run each" : String.join("; ", ambiguous), ambiguous.isEmpty(),
                ambiguous.isEmpty() ? "" : "the runs differ in settings the policy does not pin (method, shots...):"
                        + " add them to required-settings"));

        Map<String, Map<String, Double>> candidate = perDatasetSeeds(finished, metric, notes, "candidate");
        for (Map.Entry<String, Map<String, Double>> e : candidate.entrySet()) {
            TreeSet<String> seeds = new TreeSet<>(SEED_ORDER);
            seeds.addAll(e.getValue().keySet());
            boolean complete = policy.requiredSeeds().isEmpty() ? !seeds.isEmpty()
                    : seeds.containsAll(policy.requiredSeeds());
            List<String> missing = policy.requiredSeeds().stream().filter(s -> !seeds.contains(s)).toList();
            checks.add(new CheckResult("seeds on " + e.getKey(),
                    policy.requiredSeeds().isEmpty() ? ">= 1 seed" : String.join(", ", policy.requiredSeeds()),
                    seeds.isEmpty() ? "none" : String.join(", ", seeds), complete,
                    missing.isEmpty() ? "" : "missing seed(s) " + String.join(", ", missing)));
            if (policy.maxSpread().isPresent()) {
                double spread = policy.spread().of(new ArrayList<>(e.getValue().values()));
                checks.add(CheckResult.of(policy.spread().key() + " of " + metric + " over seeds on " + e.getKey(),
                        "<= " + fmt(policy.maxSpread().getAsDouble()), fmt(spread),
                        spread <= policy.maxSpread().getAsDouble()));
            }
        }
        if (candidate.isEmpty()) {
            checks.add(CheckResult.of("candidate results for " + metric, ">= 1 run with metric " + metric, "none",
                    false));
        }

        Map<String, Map<String, Double>> champ = new TreeMap<>();
        String championText;
        if (champion.isPresent()) {
            Champion c = champion.get();
            championText = c.describe();
            List<RunRecord> champRuns = c.runs().stream()
                    .filter(r -> r.status() == RunStatus.FINISHED && matches(r, policy, false)).toList();
            champ = perDatasetSeeds(champRuns, metric, notes, "champion");
            compare(policy, c, candidate, champ, checks, notes);
        } else {
            championText = "none: alias '" + policy.alias() + "' is not set yet (first promotion)";
            checks.add(new CheckResult("improvement of " + metric + " over " + policy.alias(),
                    ">= " + signed(policy.minImprovement()), "no champion", true,
                    "first promotion: alias '" + policy.alias() + "' is not set yet, nothing to improve on"));
            notes.add("first promotion to '" + policy.alias() + "': improvement and regression checks skipped");
        }

        TreeSet<String> datasets = new TreeSet<>(candidate.keySet());
        datasets.addAll(champ.keySet());
        List<DatasetComparison> comparisons = new ArrayList<>();
        for (String d : datasets) {
            Map<String, Double> cand = candidate.getOrDefault(d, Map.of());
            Map<String, Double> ch = champ.getOrDefault(d, Map.of());
            comparisons.add(new DatasetComparison(d, mean(cand), sortedSeeds(cand), mean(ch), sortedSeeds(ch)));
        }
        List<RunDecision> decisions = new ArrayList<>(resolved.leftOut());
        decisions.addAll(decide(RunDecision.CANDIDATE, candidateRuns, policy, true));
        champion.ifPresent(c -> decisions.addAll(decide(RunDecision.CHAMPION, c.runs(), policy, false)));
        return new GateResult(candidateId, championText, metric, checks, comparisons, notes, decisions);
    }

    /** Why each run counts or not, mirroring the filters above (settings, status, metric, newest per cell). */
    private static List<RunDecision> decide(String role, List<RunRecord> runs, GatePolicy policy,
                                            boolean includeMethod) {
        String metric = policy.primaryMetric();
        Map<String, RunRecord> newestFinished = new HashMap<>();
        for (RunRecord r : runs) {
            Double value = r.metrics().get(metric);
            if (r.status() == RunStatus.FINISHED && matches(r, policy, includeMethod) && value != null
                    && !value.isNaN()) {
                newestFinished.merge(cell(r), r, (a, b) -> b.startTime() >= a.startTime() ? b : a);
            }
        }
        List<RunDecision> out = new ArrayList<>();
        for (RunRecord r : runs.stream().sorted(Comparator.comparing(PromotionGate::cell)
                .thenComparing(RunRecord::runId)).toList()) {
            String seed = RunValues.param(r, RunValues.SEED);
            String why;
            List<String> differ = differences(r, policy, includeMethod);
            Double value = r.metrics().get(metric);
            if (!differ.isEmpty()) {
                why = "settings differ: " + String.join(", ", differ);
            } else if (r.status() != RunStatus.FINISHED) {
                why = "status " + r.status() + (newestFinished.containsKey(cell(r))
                        ? ", superseded by finished rerun " + newestFinished.get(cell(r)).runId() : ", not finished");
            } else if (value == null || value.isNaN()) {
                why = "no metric " + metric;
            } else if (newestFinished.get(cell(r)) != r) {
                why = "a newer finished run of the same dataset and seed counts instead ("
                        + newestFinished.get(cell(r)).runId() + ")";
            } else {
                why = null;
            }
            out.add(new RunDecision(role, r.runId(), RunValues.dataset(r), seed == null ? "" : seed, why == null,
                    why == null ? metric + "=" + fmt(value) : why));
        }
        return out;
    }

    /** The required settings a run does not have: {@code protocol=few-shot (policy: base-to-novel)}. */
    private static List<String> differences(RunRecord run, GatePolicy policy, boolean includeMethod) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(policy.requiredSettings()).entrySet()) {
            if (!includeMethod && e.getKey().equals(RunValues.METHOD)) {
                continue;
            }
            String actual = RunValues.param(run, e.getKey());
            if (!e.getValue().equals(actual)) {
                out.add(actual == null ? "no param " + e.getKey() + " (policy: " + e.getValue() + ")"
                        : e.getKey() + "=" + actual + " (policy: " + e.getValue() + ")");
            }
        }
        return out;
    }

    private static void compare(GatePolicy policy, Champion champion, Map<String, Map<String, Double>> candidate,
                                Map<String, Map<String, Double>> champ, List<CheckResult> checks,
                                List<String> notes) {
        String metric = policy.primaryMetric();
        String improvementName = "improvement of mean " + metric + " over " + policy.alias() + " v"
                + champion.version();
        if (champ.isEmpty()) {
            checks.add(new CheckResult(improvementName, ">= " + signed(policy.minImprovement()),
                    "champion has no " + metric + " results", false,
                    "no finished run with the required settings found for " + champion.describe()
                            + "; the comparison cannot be made"));
            return;
        }
        List<String> common = candidate.keySet().stream().filter(champ::containsKey).sorted().toList();
        for (String d : champ.keySet()) {
            if (!candidate.containsKey(d)) {
                checks.add(CheckResult.of("coverage of " + d, "results on " + d + " (the champion has them)",
                        "none", false));
            }
        }
        for (String d : candidate.keySet()) {
            if (!champ.containsKey(d)) {
                notes.add("dataset " + d + " has no champion result; it is not part of the comparison");
            }
        }
        if (common.isEmpty()) {
            checks.add(new CheckResult(improvementName, ">= " + signed(policy.minImprovement()),
                    "no dataset in common", false, "the candidate and " + champion.describe()
                    + " share no dataset"));
            return;
        }
        double candMean = common.stream().mapToDouble(d -> mean(candidate.get(d)).orElseThrow()).average()
                .orElseThrow();
        double champMean = common.stream().mapToDouble(d -> mean(champ.get(d)).orElseThrow()).average()
                .orElseThrow();
        double improvement = candMean - champMean;
        checks.add(new CheckResult(improvementName, ">= " + signed(policy.minImprovement()),
                signed(improvement) + " (" + fmt(candMean) + " vs " + fmt(champMean) + ")",
                improvement >= policy.minImprovement() - 1e-9,
                common.size() > 1 ? "mean over " + String.join(", ", common) : ""));
        for (String d : common) {
            double c = mean(candidate.get(d)).orElseThrow();
            double ch = mean(champ.get(d)).orElseThrow();
            double floor = ch - policy.regressionTolerance();
            checks.add(new CheckResult("no regression on " + d,
                    ">= " + fmt(floor) + " (champion " + fmt(ch) + " - " + fmt(policy.regressionTolerance()) + ")",
                    fmt(c) + " (" + signed(c - ch) + ")", c >= floor - 1e-9, ""));
        }
    }

    /** dataset -> seed -> metric value (newest run per seed). */
    private static Map<String, Map<String, Double>> perDatasetSeeds(List<RunRecord> runs, String metric,
                                                                    List<String> notes, String who) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        List<RunRecord> oldestFirst = runs.stream().sorted(Comparator.comparingLong(RunRecord::startTime)).toList();
        for (RunRecord r : oldestFirst) {
            Double value = r.metrics().get(metric);
            if (value == null || value.isNaN()) {
                notes.add(who + " run " + r.runId() + " has no metric " + metric);
                continue;
            }
            String seed = RunValues.param(r, RunValues.SEED);
            out.computeIfAbsent(RunValues.dataset(r), k -> new LinkedHashMap<>())
                    .put(seed == null ? "run " + r.runId() : seed, value);
        }
        return out;
    }

    /** {@code dataset seed N}: one cell of the dataset x seed grid. */
    private static String cell(RunRecord run) {
        String seed = RunValues.param(run, RunValues.SEED);
        return RunValues.dataset(run) + " seed " + (seed == null ? "of run " + run.runId() : seed);
    }

    /** Whether a run has the required settings; a champion keeps its own method, so method is skipped for it. */
    private static boolean matches(RunRecord run, GatePolicy policy, boolean includeMethod) {
        for (Map.Entry<String, String> e : policy.requiredSettings().entrySet()) {
            if (!includeMethod && e.getKey().equals(RunValues.METHOD)) {
                continue;
            }
            if (!e.getValue().equals(RunValues.param(run, e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static OptionalDouble mean(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).average();
    }

    private static List<String> sortedSeeds(Map<String, Double> values) {
        return values.keySet().stream().sorted(SEED_ORDER).toList();
    }

    private static final Comparator<String> SEED_ORDER = (a, b) -> {
        boolean an = a.matches("-?\\d{1,18}");
        boolean bn = b.matches("-?\\d{1,18}");
        if (an && bn) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return an ? -1 : bn ? 1 : a.compareTo(b);
    };

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String signed(double v) {
        return String.format(Locale.ROOT, "%+.3f", v);
    }
}
