package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The verdict of the promotion gate: one row per check, plus the per-dataset comparison behind them.
 *
 * @param candidate what was evaluated (a run id or sweep parent id)
 * @param champion what it was compared with ({@code btmri@production = v3 (run abc)}, or a first-promotion note)
 * @param metric the primary metric
 * @param checks every check, in evaluation order
 * @param comparisons the primary metric per dataset
 * @param notes remarks that are not checks
 * @param runs every run behind the candidate and the champion: counted, or left out and why
 */
public record GateResult(String candidate, String champion, String metric, List<CheckResult> checks,
                         List<DatasetComparison> comparisons, List<String> notes, List<RunDecision> runs) {

    /** Exit code of a passed gate. */
    public static final int EXIT_PASSED = 0;
    /** Exit code of a gate that did not pass. */
    public static final int EXIT_NOT_PASSED = 3;

    public GateResult {
        requireNonNull(candidate, "candidate is null");
        requireNonNull(champion, "champion is null");
        requireNonNull(metric, "metric is null");
        checks = List.copyOf(requireNonNull(checks, "checks is null"));
        comparisons = List.copyOf(requireNonNull(comparisons, "comparisons is null"));
        notes = List.copyOf(requireNonNull(notes, "notes is null"));
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
    }

    /** A verdict without per-run decisions. */
    public GateResult(String candidate, String champion, String metric, List<CheckResult> checks,
                      List<DatasetComparison> comparisons, List<String> notes) {
        this(candidate, champion, metric, checks, comparisons, notes, List.of());
    }

    /** The runs left out of the comparison, with why. */
    public List<RunDecision> leftOut() {
        return runs.stream().filter(r -> !r.counted()).toList();
    }

    /** Whether every check passed (and there was at least one). */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
    }

    /** The checks that failed. */
    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** {@value #EXIT_PASSED} when passed, {@value #EXIT_NOT_PASSED} otherwise. */
    public int exitCode() {
        return passed() ? EXIT_PASSED : EXIT_NOT_PASSED;
    }
}
