package dev.bioprompt.ci;

import dev.bioprompt.api.io.TextTable;
import java.util.ArrayList;
import java.util.List;

/** Renders a gate verdict as plain-text tables for a terminal or a CI log. */
public final class TextGateReport {

    private TextGateReport() {
    }

    /** The report text. */
    public static String render(GateResult result) {
        StringBuilder out = new StringBuilder();
        out.append("Promotion gate: ").append(result.passed() ? "PASSED" : "NOT PASSED")
                .append(" (exit code ").append(result.exitCode()).append(")\n");
        out.append("candidate: ").append(result.candidate()).append('\n');
        out.append("champion:  ").append(result.champion()).append("\n\n");

        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("dataset", "candidate " + result.metric(), "seeds", "champion " + result.metric(),
                "seeds", "delta"));
        for (DatasetComparison c : result.comparisons()) {
            rows.add(List.of(c.dataset(),
                    c.candidateMean().isPresent() ? PromotionGate.fmt(c.candidateMean().getAsDouble()) : "-",
                    String.join(",", c.candidateSeeds()),
                    c.championMean().isPresent() ? PromotionGate.fmt(c.championMean().getAsDouble()) : "-",
                    String.join(",", c.championSeeds()),
                    c.delta().isPresent() ? PromotionGate.signed(c.delta().getAsDouble()) : "-"));
        }
        out.append(TextTable.render(rows, true));
        out.append('\n');

        rows = new ArrayList<>();
        rows.add(List.of("check", "expected", "actual", "result"));
        for (CheckResult c : result.checks()) {
            rows.add(List.of(c.name(), c.expected(), c.actual(),
                    (c.passed() ? "pass" : "FAIL") + (c.note().isEmpty() ? "" : "  " + c.note())));
        }
        out.append(TextTable.render(rows, true));
        if (!result.runs().isEmpty()) {
            long counted = result.runs().stream().filter(RunDecision::counted).count();
            out.append("\nruns considered: ").append(counted).append(" counted, ").append(result.runs().size() - counted)
                    .append(" left out\n");
            rows = new ArrayList<>();
            rows.add(List.of("role", "run", "dataset", "seed", "counted", "value or why left out"));
            for (RunDecision r : result.runs()) {
                rows.add(List.of(r.role(), r.runId(), r.dataset(), r.seed(), r.counted() ? "yes" : "no", r.reason()));
            }
            out.append(TextTable.render(rows, true));
        }
        if (!result.notes().isEmpty()) {
            out.append("\nnotes:\n");
            result.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }
}
