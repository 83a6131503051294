package dev.bioprompt.runners.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.io.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The results of a sweep the way the papers report them: one row per run, and one row per (method, dataset,
 * protocol, K) averaged over seeds. Few-shot shows accuracy, base-to-novel shows base / novel / HM, cross-dataset
 * shows the source and each target accuracy. Written as a text table, JSON and CSV.
 *
 * @param results the cells' results, in sweep order
 */
public record SweepReport(List<CellResult> results) {

    public SweepReport {
        results = List.copyOf(requireNonNull(results, "results is null"));
    }

    /** One averaged row. */
    public record Summary(String method, String dataset, Protocol protocol, int shots, int seeds,
                          Map<String, Double> meanMetrics) {
    }

    /** The metric columns a protocol reports, in order. */
    public static List<String> columns(Protocol protocol, Set<String> available) {
        List<String> preferred = switch (protocol) {
            case FEW_SHOT -> List.of("accuracy", "macro_f1");
            case BASE_TO_NOVEL -> List.of("base_accuracy", "novel_accuracy", "hm");
            case CROSS_DATASET -> List.of("test_accuracy", "mean_accuracy");
        };
        Set<String> out = new LinkedHashSet<>();
        preferred.stream().filter(available::contains).forEach(out::add);
        if (protocol == Protocol.CROSS_DATASET) {
            available.stream().filter(k -> k.startsWith("target") && k.endsWith("_accuracy")).sorted()
                    .forEach(out::add);
        }
        if (out.isEmpty()) {
            available.stream().sorted().forEach(out::add);
        }
        return new ArrayList<>(out);
    }

    /** The rows averaged over seeds, in first-appearance order. */
    public List<Summary> summaries() {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : results) {
            JobSpec c = r.cell();
            groups.computeIfAbsent(c.method() + "|" + c.dataset() + "|" + c.protocol() + "|" + c.shots(),
                    k -> new ArrayList<>()).add(r);
        }
        List<Summary> out = new ArrayList<>();
        for (List<CellResult> group : groups.values()) {
            JobSpec c = group.get(0).cell();
            Map<String, Double> sums = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (CellResult r : group) {
                r.metrics().forEach((k, v) -> {
                    sums.merge(k, v, Double::sum);
                    counts.merge(k, 1, Integer::sum);
                });
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, v) -> means.put(k, v / counts.get(k)));
            out.add(new Summary(c.method(), c.dataset(), c.protocol(), c.shots(), group.size(), means));
        }
        return out;
    }

    /** The per-run table and the averaged table as plain text. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("Runs\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("method", "dataset", "protocol", "K", "seed", "status", "metrics", "run"));
        for (CellResult r : results) {
            JobSpec c = r.cell();
            rows.add(List.of(c.method(), c.dataset(), c.protocol().key(), Integer.toString(c.shots()),
                    Long.toString(c.seed()), r.status().name(),
                    r.message().isEmpty() ? metricText(r.metrics(), columns(c.protocol(), r.metrics().keySet()))
                            : r.message(), r.trackingRunId()));
        }
        out.append(TextTable.render(rows));
        out.append("\nMean over seeds\n");
        rows = new ArrayList<>();
        rows.add(List.of("method", "dataset", "protocol", "K", "seeds", "metrics"));
        for (Summary s : summaries()) {
            rows.add(List.of(s.method(), s.dataset(), s.protocol().key(), Integer.toString(s.shots()),
                    Integer.toString(s.seeds()),
                    metricText(s.meanMetrics(), columns(s.protocol(), s.meanMetrics().keySet()))));
        }
        out.append(TextTable.render(rows));
        return out.toString();
    }

    /** Writes {@code results.json} and {@code results.csv} into {@code dir}, each atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (CellResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.cell().method());
            row.put("dataset", r.cell().dataset());
            row.put("protocol", r.cell().protocol().key());
            row.put("shots", r.cell().shots());
            row.put("seed", r.cell().seed());
            row.put("targets", r.cell().targets());
            row.put("status", r.status().name());
            row.put("tracking_run_id", r.trackingRunId());
            row.put("metrics", r.metrics());
            row.put("message", r.message());
            runs.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", runs);
        json.put("mean_over_seeds", summaries());
        AtomicFiles.write(dir.resolve("results.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(json));
        Set<String> metricKeys = new LinkedHashSet<>();
        results.forEach(r -> metricKeys.addAll(r.metrics().keySet()));
        StringBuilder csv = new StringBuilder("method,dataset,protocol,shots,seed,status,tracking_run_id");
        metricKeys.forEach(k -> csv.append(',').append(k));
        csv.append('\n');
        for (CellResult r : results) {
            JobSpec c = r.cell();
            csv.append(String.join(",", c.method(), c.dataset(), c.protocol().key(), Integer.toString(c.shots()),
                    Long.toString(c.seed()), r.status().name(), r.trackingRunId()));
            for (String k : metricKeys) {
                Double v = r.metrics().get(k);
                csv.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.4f", v));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(dir.resolve("results.csv"), csv.toString());
    }

    private static String metricText(Map<String, Double> metrics, List<String> columns) {
        StringBuilder out = new StringBuilder();
        for (String k : columns) {
            Double v = metrics.get(k);
            if (v != null) {
                out.append(out.length() == 0 ? "" : "  ").append(k).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", v));
            }
        }
        return out.toString();
    }

}
