package dev.bioprompt.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.tracking.StandardTags;
import java.util.HashMap;
import java.util.Map;
import org.mlflow.api.proto.Service;

/** Converts MLflow's run representations (REST JSON, Java-client protobuf) into {@link RunRecord}s. */
final class RunJson {
    private RunJson() {
    }

    static RunRecord toRecord(JsonNode run) {
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        Map<String, String> params = pairs(data.path("params"));
        Map<String, String> tags = pairs(data.path("tags"));
        Map<String, Double> metrics = new HashMap<>();
        data.path("metrics").forEach(m -> metrics.put(m.path("key").asText(), MetricPoint.jsonDouble(m.path("value"))));
        String runName = info.path("run_name").asText("");
        if (runName.isEmpty()) {
            runName = tags.getOrDefault(StandardTags.RUN_NAME, "");
        }
        return new RunRecord(info.path("run_id").asText(info.path("run_uuid").asText()),
                info.path("experiment_id").asText(), runName, status(info.path("status").asText()),
                info.path("start_time").asLong(0), params, metrics, tags, info.path("artifact_uri").asText(""));
    }

    static RunRecord toRecord(Service.Run run) {
        Service.RunInfo info = run.getInfo();
        Map<String, String> params = new HashMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        Map<String, String> tags = new HashMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        Map<String, Double> metrics = new HashMap<>();
        run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        String runName = info.getRunName().isEmpty() ? tags.getOrDefault(StandardTags.RUN_NAME, "") : info.getRunName();
        String runId = info.getRunId().isEmpty() ? info.getRunUuid() : info.getRunId();
        return new RunRecord(runId, info.getExperimentId(), runName, status(info.getStatus().name()),
                info.getStartTime(), params, metrics, tags, info.getArtifactUri());
    }

    static RunStatus status(String status) {
        return switch (status) {
            case "FINISHED" -> RunStatus.FINISHED;
            case "FAILED" -> RunStatus.FAILED;
            case "KILLED" -> RunStatus.KILLED;
            default -> RunStatus.RUNNING;
        };
    }

    private static Map<String, String> pairs(JsonNode array) {
        Map<String, String> values = new HashMap<>();
        array.forEach(node -> values.put(node.path("key").asText(), node.path("value").asText()));
        return values;
    }
}
