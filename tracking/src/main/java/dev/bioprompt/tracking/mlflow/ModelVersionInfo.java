package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version in MLflow's model registry.
 *
 * @param name the registered model
 * @param version the version number, as MLflow's string
 * @param source where the version's files are ({@code mlflow-artifacts:/...}, {@code s3://...}, {@code runs:/...})
 * @param runId the run that produced it, or {@code ""}
 * @param description free text, or {@code ""}
 * @param status {@code READY} once registered
 * @param aliases the aliases pointing at this version
 * @param tags version tags
 */
public record ModelVersionInfo(String name, String version, String source, String runId, String description,
                               String status, List<String> aliases, Map<String, String> tags) {
    public ModelVersionInfo {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(source, "source is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(description, "description is null");
        requireNonNull(status, "status is null");
        aliases = List.copyOf(requireNonNull(aliases, "aliases is null"));
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
    }

    static ModelVersionInfo fromJson(JsonNode node) {
        List<String> aliases = new ArrayList<>();
        node.path("aliases").forEach(a -> aliases.add(a.asText()));
        Map<String, String> tags = new HashMap<>();
        node.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        return new ModelVersionInfo(node.path("name").asText(), node.path("version").asText(),
                node.path("source").asText(""), node.path("run_id").asText(""), node.path("description").asText(""),
                node.path("status").asText(""), aliases, tags);
    }
}
