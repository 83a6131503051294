package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of one {@code runs/log-batch} request, and the splitting of any number of records into requests the
 * server accepts: at most 1000 metrics, 100 params, 100 tags, 1000 entries in all, and 1 000 000 bytes of JSON.
 */
public record LogBatch(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
    public static final int MAX_METRICS = 1000;
    public static final int MAX_PARAMS = 100;
    public static final int MAX_TAGS = 100;
    public static final int MAX_ENTRIES = 1000;
    public static final int MAX_BODY_BYTES = 1_000_000;
    /** Room kept for the envelope ({@code run_id}, field names, brackets). */
    private static final int ENVELOPE_BYTES = 512;

    public LogBatch {
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(params, "params is null")));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tags, "tags is null")));
    }

    public int size() {
        return metrics.size() + params.size() + tags.size();
    }

    /** Splits records into batches within every server limit, params first, then tags, then metrics, in order. */
    public static List<LogBatch> split(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        List<LogBatch> batches = new ArrayList<>();
        List<Map.Entry<String, String>> paramList = new ArrayList<>(params.entrySet());
        List<Map.Entry<String, String>> tagList = new ArrayList<>(tags.entrySet());
        int p = 0;
        int t = 0;
        int m = 0;
        while (p < paramList.size() || t < tagList.size() || m < metrics.size()) {
            Map<String, String> batchParams = new LinkedHashMap<>();
            Map<String, String> batchTags = new LinkedHashMap<>();
            List<MetricPoint> batchMetrics = new ArrayList<>();
            long bytes = ENVELOPE_BYTES;
            int entries = 0;
            while (p < paramList.size() && batchParams.size() < MAX_PARAMS && entries < MAX_ENTRIES) {
                long size = pairBytes(paramList.get(p));
                if (bytes + size > MAX_BODY_BYTES && entries > 0) {
                    break;
                }
                batchParams.put(paramList.get(p).getKey(), paramList.get(p).getValue());
                bytes += size;
                entries++;
                p++;
            }
            while (t < tagList.size() && batchTags.size() < MAX_TAGS && entries < MAX_ENTRIES) {
                long size = pairBytes(tagList.get(t));
                if (bytes + size > MAX_BODY_BYTES && entries > 0) {
                    break;
                }
                batchTags.put(tagList.get(t).getKey(), tagList.get(t).getValue());
                bytes += size;
                entries++;
                t++;
            }
            while (m < metrics.size() && batchMetrics.size() < MAX_METRICS && entries < MAX_ENTRIES) {
                long size = metrics.get(m).toJson().toString().getBytes(StandardCharsets.UTF_8).length + 1L;
                if (bytes + size > MAX_BODY_BYTES && entries > 0) {
                    break;
                }
                batchMetrics.add(metrics.get(m));
                bytes += size;
                entries++;
                m++;
            }
            batches.add(new LogBatch(batchMetrics, batchParams, batchTags));
        }
        return batches;
    }

    /** The request body for a run. */
    public ObjectNode toJson(String runId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("run_id", runId);
        ArrayNode metricArray = body.putArray("metrics");
        metrics.forEach(point -> metricArray.add(point.toJson()));
        body.set("params", pairs(params));
        body.set("tags", pairs(tags));
        return body;
    }

    /** Reads the body written by {@link #toJson(String)}. */
    public static LogBatch fromJson(JsonNode body) {
        List<MetricPoint> metrics = new ArrayList<>();
        body.path("metrics").forEach(node -> metrics.add(MetricPoint.fromJson(node)));
        return new LogBatch(metrics, readPairs(body.path("params")), readPairs(body.path("tags")));
    }

    private static ArrayNode pairs(Map<String, String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
        return array;
    }

    private static Map<String, String> readPairs(JsonNode array) {
        Map<String, String> values = new LinkedHashMap<>();
        array.forEach(node -> values.put(node.path("key").asText(), node.path("value").asText()));
        return values;
    }

    private static long pairBytes(Map.Entry<String, String> entry) {
        return JsonNodeFactory.instance.objectNode().put("key", entry.getKey()).put("value", entry.getValue())
                .toString().getBytes(StandardCharsets.UTF_8).length + 1L;
    }
}
