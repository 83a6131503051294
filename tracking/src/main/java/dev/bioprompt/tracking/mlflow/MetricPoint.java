package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One metric value as MLflow stores it: key, value, timestamp (epoch ms) and step. */
public record MetricPoint(String key, double value, long timestamp, long step) {
    public MetricPoint {
        requireNonNull(key, "key is null");
    }

    /** MLflow's JSON form; NaN and infinities are sent as the strings MLflow uses. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("key", key);
        if (Double.isNaN(value)) {
            node.put("value", "NaN");
        } else if (Double.isInfinite(value)) {
            node.put("value", value > 0 ? "Infinity" : "-Infinity");
        } else {
            node.put("value", value);
        }
        node.put("timestamp", timestamp);
        node.put("step", step);
        return node;
    }

    public static MetricPoint fromJson(JsonNode node) {
        return new MetricPoint(node.path("key").asText(), jsonDouble(node.path("value")),
                node.path("timestamp").asLong(0), node.path("step").asLong(0));
    }

    /** Reads a JSON number or MLflow's {@code "NaN"}/{@code "Infinity"} strings. */
    static double jsonDouble(JsonNode value) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        return switch (value.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value.asText());
        };
    }

    /**
     * The identity used to skip points already stored when a batch is replayed: key, step and timestamp, plus the
     * value so that two different values logged in the same millisecond both survive.
     */
    String dedupKey() {
        return key + "\u0000" + step + "\u0000" + timestamp + "\u0000" + Double.doubleToLongBits(value);
    }
}
