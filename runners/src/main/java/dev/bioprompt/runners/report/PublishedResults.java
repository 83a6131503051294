package dev.bioprompt.runners.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dataset-average accuracies the papers and their READMEs publish, as data with their source, read from the
 * resource {@code dev/bioprompt/runners/report/published-results.json}.
 *
 * @param entries every published number
 */
public record PublishedResults(List<Entry> entries) {

    private static final String RESOURCE = "/dev/bioprompt/runners/report/published-results.json";

    /**
     * One published number.
     *
     * @param protocol {@code few-shot}, {@code base-to-novel} or {@code cross-dataset}
     * @param method the BioPrompt method name
     * @param shots K
     * @param metric the BioPrompt metric name ({@code accuracy}, {@code base_accuracy}, {@code hm}, ...)
     * @param value the number, in %
     * @param primary whether it is the method's own paper's number (others are re-runs by another paper)
     * @param source paper or README and table
     */
    public record Entry(String protocol, String method, int shots, String metric, double value, boolean primary,
                        String source) {
        public Entry {
            requireNonNull(protocol, "protocol is null");
            requireNonNull(method, "method is null");
            requireNonNull(metric, "metric is null");
            requireNonNull(source, "source is null");
        }
    }

    public PublishedResults {
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
    }

    /** The numbers shipped with BioPrompt. */
    public static PublishedResults builtIn() {
        try (InputStream in = PublishedResults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            List<Entry> out = new ArrayList<>();
            for (JsonNode e : new ObjectMapper().readTree(in).get("entries")) {
                out.add(new Entry(e.get("protocol").asText(), e.get("method").asText(), e.get("shots").asInt(),
                        e.get("metric").asText(), e.get("value").asDouble(), e.get("primary").asBoolean(),
                        e.get("source").asText()));
            }
            return new PublishedResults(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }

    /** The primary published number for a cell of the table, if the papers give one. */
    public Optional<Entry> find(String protocol, String method, int shots, String metric) {
        return entries.stream().filter(e -> e.primary() && e.protocol().equals(protocol) && e.method().equals(method)
                && e.shots() == shots && e.metric().equals(metric)).findFirst();
    }
}
