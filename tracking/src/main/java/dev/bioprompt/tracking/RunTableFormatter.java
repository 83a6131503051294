package dev.bioprompt.tracking;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.io.TextTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders runs as plain text: a table for {@code bioprompt runs list}, details for {@code bioprompt runs show}. */
public final class RunTableFormatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final List<String> metricColumns;

    /** A formatter with the given metric columns (e.g. {@code test/accuracy}); none for just the run columns. */
    public RunTableFormatter(List<String> metricColumns) {
        this.metricColumns = List.copyOf(requireNonNull(metricColumns, "metricColumns is null"));
    }

    /** One row per run: RUN ID, NAME, STATUS, STARTED (UTC), then the metric columns. */
    public String table(List<RunRecord> runs) {
        List<String> header = new ArrayList<>(List.of("RUN ID", "NAME", "STATUS", "STARTED (UTC)"));
        header.addAll(metricColumns);
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (RunRecord run : runs) {
            List<String> row = new ArrayList<>(List.of(run.runId(), run.runName(), run.status().name(),
                    run.startTime() > 0 ? TIME.format(Instant.ofEpochMilli(run.startTime())) : "-"));
            for (String metric : metricColumns) {
                Double value = run.metrics().get(metric);
                row.add(value == null ? "-" : formatNumber(value));
            }
            rows.add(row);
        }
        return TextTable.render(rows);
    }

    /** All of one run: identity, status, params, latest metrics and tags, each section sorted by key. */
    public String details(RunRecord run) {
        StringBuilder out = new StringBuilder();
        out.append("Run:          ").append(run.runId()).append('\n');
        out.append("Name:         ").append(run.runName()).append('\n');
        out.append("Experiment:   ").append(run.experimentId()).append('\n');
        out.append("Status:       ").append(run.status()).append('\n');
        out.append("Started:      ")
                .append(run.startTime() > 0 ? TIME.format(Instant.ofEpochMilli(run.startTime())) + " UTC" : "-")
                .append('\n');
        out.append("Artifacts:    ").append(run.artifactUri()).append('\n');
        section(out, "Params", new TreeMap<>(run.params()));
        Map<String, String> metrics = new TreeMap<>();
        run.metrics().forEach((k, v) -> metrics.put(k, formatNumber(v)));
        section(out, "Metrics", metrics);
        section(out, "Tags", new TreeMap<>(run.tags()));
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, String> values) {
        out.append('\n').append(title).append(":\n");
        if (values.isEmpty()) {
            out.append("  (none)\n");
            return;
        }
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        values.forEach((k, v) -> out.append("  ").append(k).append(" ".repeat(width - k.length())).append("  ")
                .append(v.replace("\n", "\\n")).append('\n'));
    }

    static String formatNumber(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
