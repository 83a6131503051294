package dev.bioprompt.runners.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The table the papers print, over the finished runs of one or more sweeps: few-shot accuracy per method and K;
 * base-to-novel base, novel and HM; cross-dataset accuracy per target. Each number is the mean over datasets of the
 * per-dataset mean over seeds (HM is the mean of the per-dataset HMs), beside the published number and the
 * difference wherever the papers give one.
 *
 * @param rows the table, grouped by protocol, then method, then K, then metric
 */
public record PaperReport(List<Row> rows) {

    /**
     * One finished run.
     *
     * @param method method name
     * @param dataset dataset (the source dataset for cross-dataset)
     * @param protocol protocol key
     * @param shots K
     * @param seed seed
     * @param metrics final metrics, in %
     */
    public record Run(String method, String dataset, String protocol, int shots, long seed,
                      Map<String, Double> metrics) {
    }

    /**
     * One line of the table.
     *
     * @param protocol protocol key
     * @param method method name
     * @param shots K
     * @param metric the metric ({@code accuracy}, {@code base_accuracy}, {@code novel_accuracy}, {@code hm},
     *     {@code target_<DS>_accuracy})
     * @param datasets the datasets averaged over
     * @param runs the runs behind the number
     * @param value the mean, in %
     * @param published the published number, if any
     * @param source where the published number comes from (empty without one)
     */
    public record Row(String protocol, String method, int shots, String metric, List<String> datasets, int runs,
                      double value, Optional<Double> published, String source) {
        /** {@code value - published}, if published. */
        public Optional<Double> difference() {
            return published.map(p -> value - p);
        }
    }

    public PaperReport {
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    /** Reads the finished runs of a sweep's {@code results.json}. */
    public static List<Run> readRuns(Path resultsJson) throws IOException {
        if (!Files.isRegularFile(resultsJson)) {
            throw new NoSuchFileException(resultsJson.toString(), null, "sweep results not found");
        }
        JsonNode root = new ObjectMapper().readTree(resultsJson.toFile());
        JsonNode runs = root == null ? null : root.get("runs");
        if (runs == null || !runs.isArray()) {
            throw new IOException(resultsJson + ": expected an object with a 'runs' list (a sweep's results.json)");
        }
        List<Run> out = new ArrayList<>();
        for (JsonNode r : runs) {
            if (!"FINISHED".equals(r.path("status").asText())) {
                continue;
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (m.getValue().isNumber()) {
                    metrics.put(m.getKey(), m.getValue().asDouble());
                }
            }
            out.add(new Run(r.path("method").asText(), r.path("dataset").asText(), r.path("protocol").asText(),
                    r.path("shots").asInt(), r.path("seed").asLong(), metrics));
        }
        return out;
    }

    /** Builds the table from runs and the published numbers. */
    public static PaperReport of(List<Run> runs, PublishedResults published) {
        Map<String, Map<String, List<Run>>> groups = new LinkedHashMap<>();
        for (String protocol : List.of("few-shot", "base-to-novel", "cross-dataset")) {
            runs.stream().filter(r -> r.protocol().equals(protocol))
                    .sorted(Comparator.comparing(Run::method).thenComparingInt(Run::shots))
                    .forEach(r -> groups.computeIfAbsent(r.protocol() + "|" + r.method() + "|" + r.shots(),
                            k -> new LinkedHashMap<>()).computeIfAbsent(r.dataset(), k -> new ArrayList<>()).add(r));
        }
        List<Row> rows = new ArrayList<>();
        for (Map<String, List<Run>> byDataset : groups.values()) {
            Run first = byDataset.values().iterator().next().get(0);
            for (String metric : metrics(first.protocol(), byDataset)) {
                List<String> datasets = new ArrayList<>();
                double sum = 0;
                int count = 0;
                for (Map.Entry<String, List<Run>> d : byDataset.entrySet()) {
                    List<Double> values = d.getValue().stream().map(r -> r.metrics().get(metric))
                            .filter(v -> v != null).toList();
                    if (values.isEmpty()) {
                        continue;
                    }
                    datasets.add(d.getKey());
                    sum += values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    count += values.size();
                }
                if (datasets.isEmpty()) {
                    continue;
                }
                Optional<PublishedResults.Entry> p = published.find(first.protocol(), first.method(), first.shots(),
                        metric);
                rows.add(new Row(first.protocol(), first.method(), first.shots(), metric, datasets, count,
                        sum / datasets.size(), p.map(PublishedResults.Entry::value),
                        p.map(PublishedResults.Entry::source).orElse("")));
            }
        }
        return new PaperReport(rows);
    }

    private static List<String> metrics(String protocol, Map<String, List<Run>> byDataset) {
        return switch (protocol) {
            case "few-shot" -> List.of("accuracy");
            case "base-to-novel" -> List.of("base_accuracy", "novel_accuracy", "hm");
            default -> {
                Set<String> targets = new TreeSet<>();
                byDataset.values().forEach(l -> l.forEach(r -> r.metrics().keySet().stream()
                        .filter(k -> k.startsWith("target") && k.endsWith("_accuracy")).forEach(targets::add)));
                yield new ArrayList<>(targets);
            }
        };
    }

    /** The table in Markdown, one section per protocol. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        Map<String, String> titles = Map.of("few-shot", "Few-shot accuracy (%)", "base-to-novel",
                "Base-to-novel (%)", "cross-dataset", "Cross-dataset accuracy per target (%)");
        Set<String> sources = new LinkedHashSet<>();
        for (String protocol : List.of("few-shot", "base-to-novel", "cross-dataset")) {
            List<Row> section = rows.stream().filter(r -> r.protocol().equals(protocol)).toList();
            if (section.isEmpty()) {
                continue;
            }
            out.append("## ").append(titles.get(protocol)).append("\n\n");
            out.append("| method | K | metric | datasets | runs | BioPrompt | published | difference | source |\n");
            out.append("|---|---:|---|---:|---:|---:|---:|---:|---|\n");
            for (Row r : section) {
                int ref = 0;
                if (!r.source().isEmpty()) {
                    sources.add(r.source());
                    ref = new ArrayList<>(sources).indexOf(r.source()) + 1;
                }
                out.append("| ").append(r.method()).append(" | ").append(r.shots()).append(" | ").append(r.metric())
                        .append(" | ").append(r.datasets().size()).append(" | ").append(r.runs()).append(" | ")
                        .append(fmt(r.value())).append(" | ").append(r.published().map(PaperReport::fmt).orElse("—"))
                        .append(" | ").append(r.difference().map(PaperReport::signed).orElse("—")).append(" | ")
                        .append(ref == 0 ? "" : "[" + ref + "]").append(" |\n");
            }
            out.append('\n');
        }
        if (!sources.isEmpty()) {
            out.append("Published numbers average over all datasets of the benchmark; compare where `datasets` "
                    + "covers them.\n\n");
            int i = 1;
            for (String s : sources) {
                out.append('[').append(i++).append("] ").append(s).append("  \n");
            }
        }
        return out.toString();
    }

    /** The table as CSV. */
    public String toCsv() {
        StringBuilder out = new StringBuilder(
                "protocol,method,shots,metric,datasets,runs,value,published,difference,source\n");
        for (Row r : rows) {
            out.append(String.join(",", r.protocol(), r.method(), Integer.toString(r.shots()), r.metric(),
                    quote(String.join(";", r.datasets())), Integer.toString(r.runs()), fmt4(r.value()),
                    r.published().map(PaperReport::fmt4).orElse(""), r.difference().map(PaperReport::fmt4).orElse(""),
                    quote(r.source()))).append('\n');
        }
        return out.toString();
    }

    /** The table as JSON. */
    public byte[] toJson() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", r.protocol());
            m.put("method", r.method());
            m.put("shots", r.shots());
            m.put("metric", r.metric());
            m.put("datasets", r.datasets());
            m.put("runs", r.runs());
            m.put("value", r.value());
            m.put("published", r.published().orElse(null));
            m.put("difference", r.difference().orElse(null));
            m.put("source", r.source());
            out.add(m);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(Map.of("rows", out));
    }

    /** Writes {@code report.md}, {@code report.csv} and {@code report.json} into {@code dir}, each atomically. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("report.md"), toMarkdown());
        AtomicFiles.writeString(dir.resolve("report.csv"), toCsv());
        AtomicFiles.write(dir.resolve("report.json"), toJson());
        return List.of(dir.resolve("report.md"), dir.resolve("report.csv"), dir.resolve("report.json"));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.2f", v);
    }
}
