package dev.bioprompt.ci;

/** Renders a gate verdict as Markdown, for CI job summaries and merge-request comments. */
public final class MarkdownGateReport {

    private MarkdownGateReport() {
    }

    /** The Markdown text. */
    public static String render(GateResult result) {
        StringBuilder out = new StringBuilder();
        out.append("## Promotion gate: ").append(result.passed() ? "passed" : "**not passed**").append("\n\n");
        out.append("- candidate: `").append(code(result.candidate())).append("`\n");
        out.append("- champion: ").append(cell(result.champion())).append("\n");
        out.append("- ").append(result.checks().size() - result.failures().size()).append(" of ")
                .append(result.checks().size()).append(" checks passed (exit code ").append(result.exitCode())
                .append(")\n\n");

        out.append("| Dataset | Candidate ").append(cell(result.metric())).append(" | Seeds | Champion ")
                .append(cell(result.metric())).append(" | Seeds | Delta |\n");
        out.append("|---|---:|---|---:|---|---:|\n");
        for (DatasetComparison c : result.comparisons()) {
            out.append("| ").append(cell(c.dataset()))
                    .append(" | ").append(c.candidateMean().isPresent()
                            ? PromotionGate.fmt(c.candidateMean().getAsDouble()) : "-")
                    .append(" | ").append(cell(String.join(", ", c.candidateSeeds())))
                    .append(" | ").append(c.championMean().isPresent()
                            ? PromotionGate.fmt(c.championMean().getAsDouble()) : "-")
                    .append(" | ").append(cell(String.join(", ", c.championSeeds())))
                    .append(" | ").append(c.delta().isPresent() ? PromotionGate.signed(c.delta().getAsDouble()) : "-")
                    .append(" |\n");
        }
        out.append('\n');

        out.append("| Check | Expected | Actual | Result |\n");
        out.append("|---|---|---|---|\n");
        for (CheckResult c : result.checks()) {
            out.append("| ").append(cell(c.name())).append(" | ").append(cell(c.expected())).append(" | ")
                    .append(cell(c.actual())).append(" | ").append(c.passed() ? "pass" : "**FAIL**")
                    .append(c.note().isEmpty() ? "" : ": " + cell(c.note())).append(" |\n");
        }
        if (!result.runs().isEmpty()) {
            long counted = result.runs().stream().filter(RunDecision::counted).count();
            out.append("\n<details><summary>Runs considered: ").append(counted).append(" counted, ")
                    .append(result.runs().size() - counted).append(" left out</summary>\n\n");
            out.append("| Role | Run | Dataset | Seed | Counted | Value or why left out |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (RunDecision r : result.runs()) {
                out.append("| ").append(r.role()).append(" | `").append(code(r.runId())).append("` | ")
                        .append(cell(r.dataset())).append(" | ").append(cell(r.seed())).append(" | ")
                        .append(r.counted() ? "yes" : "**no**").append(" | ").append(cell(r.reason())).append(" |\n");
            }
            out.append("\n</details>\n");
        }
        if (!result.notes().isEmpty()) {
            out.append("\nNotes:\n\n");
            result.notes().forEach(n -> out.append("- ").append(cell(n)).append('\n'));
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;");
    }

    private static String code(String text) {
        return text.replace("`", "'");
    }
}
