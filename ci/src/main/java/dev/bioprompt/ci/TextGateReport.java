package dev.bioprompt.ci;

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

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"dataset", "candidate " + result.metric(), "seeds", "champion " + result.metric(),
                "seeds", "delta"});
        for (DatasetComparison c : result.comparisons()) {
            rows.add(new String[] {c.dataset(),
                    c.candidateMean().isPresent() ? PromotionGate.fmt(c.candidateMean().getAsDouble()) : "-",
                    String.join(",", c.candidateSeeds()),
                    c.championMean().isPresent() ? PromotionGate.fmt(c.championMean().getAsDouble()) : "-",
                    String.join(",", c.championSeeds()),
                    c.delta().isPresent() ? PromotionGate.signed(c.delta().getAsDouble()) : "-"});
        }
        table(out, rows);
        out.append('\n');

        rows = new ArrayList<>();
        rows.add(new String[] {"check", "expected", "actual", "result"});
        for (CheckResult c : result.checks()) {
            rows.add(new String[] {c.name(), c.expected(), c.actual(),
                    (c.passed() ? "pass" : "FAIL") + (c.note().isEmpty() ? "" : "  " + c.note())});
        }
        table(out, rows);
        if (!result.notes().isEmpty()) {
            out.append("\nnotes:\n");
            result.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(rows.get(r)[i], i == columns - 1 ? 0 : widths[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append(rule).append('\n');
            }
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
