package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bioprompt.api.tracking.RunStatus;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One tracking write, as it is sent to the server or, during an outage, journaled: one JSON object a line of an
 * {@link OutageJournal}, told apart by its {@code "op"} field. The line format is the one journals have always had,
 * so a journal left by an earlier version replays unchanged, and {@link #toJson()} writes the same fields in the
 * same order.
 *
 * <p>{@link #run()} is the run the record concerns: a server run id, or a provisional {@code local-...} id whose
 * {@link CreateRun} is journaled before it.
 */
sealed interface JournalRecord {
    /** The run this record writes to (server or provisional id). */
    String run();

    /** The journal line's JSON. */
    ObjectNode toJson();

    /**
     * Reads a journal line's JSON.
     *
     * @throws IllegalArgumentException when the line is not a record of a known type with its fields
     */
    static JournalRecord fromJson(JsonNode node) {
        if (!(node instanceof ObjectNode)) {
            throw new IllegalArgumentException("Expected a JSON object, got " + node.getNodeType());
        }
        String op = node.path("op").asText();
        return switch (op) {
            case CreateRun.OP -> new CreateRun(text(node, "run"), text(node, "experiment"), text(node, "run_name"),
                    number(node, "start_time"), stringMap(node.path("tags")));
            case LogRunBatch.OP -> new LogRunBatch(text(node, "run"), LogBatch.fromJson(node));
            case UploadArtifact.OP -> new UploadArtifact(text(node, "run"), Path.of(text(node, "source")),
                    node.path("artifact_path").asText(""), node.path("spooled").asBoolean(false));
            case UpdateRunStatus.OP -> new UpdateRunStatus(text(node, "run"), status(text(node, "status")),
                    node.hasNonNull("end_time") ? OptionalLong.of(node.get("end_time").asLong())
                            : OptionalLong.empty());
            default -> throw new IllegalArgumentException("Unknown journal record '" + op
                    + "': expected op create, batch, artifact or update");
        };
    }

    /** Creates a run ({@code runs/create}) that has the provisional id {@code run} until the server gives one. */
    record CreateRun(String run, String experiment, String runName, long startTime, Map<String, String> tags)
            implements JournalRecord {
        static final String OP = "create";

        public CreateRun {
            requireNonNull(run, "run is null");
            requireNonNull(experiment, "experiment is null");
            requireNonNull(runName, "runName is null");
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tags, "tags is null")));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = line(OP, run);
            node.put("experiment", experiment);
            node.put("run_name", runName);
            node.put("start_time", startTime);
            ObjectNode tagNode = node.putObject("tags");
            tags.forEach(tagNode::put);
            return node;
        }
    }

    /** Logs metrics, params and tags in one {@code runs/log-batch} request. */
    record LogRunBatch(String run, LogBatch batch) implements JournalRecord {
        static final String OP = "batch";

        public LogRunBatch {
            requireNonNull(run, "run is null");
            requireNonNull(batch, "batch is null");
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = batch.toJson(run);
            node.remove("run_id");
            node.put("op", OP);
            node.put("run", run);
            return node;
        }
    }

    /**
     * Uploads a file or folder below {@code artifactPath} of the run's artifacts. A journaled upload is
     * {@code spooled}: its {@code source} is a copy kept beside the journal, so that later changes to the original do
     * not change what is sent.
     */
    record UploadArtifact(String run, Path source, String artifactPath, boolean spooled) implements JournalRecord {
        static final String OP = "artifact";

        public UploadArtifact {
            requireNonNull(run, "run is null");
            requireNonNull(source, "source is null");
            requireNonNull(artifactPath, "artifactPath is null");
        }

        /** The same upload from a spooled copy. */
        UploadArtifact spooledFrom(Path copy) {
            return new UploadArtifact(run, copy, artifactPath, true);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = line(OP, run);
            node.put("source", source.toString());
            node.put("artifact_path", artifactPath);
            if (spooled) {
                node.put("spooled", true);
            }
            return node;
        }
    }

    /** Sets a run's status ({@code runs/update}), with an end time when the run ends. */
    record UpdateRunStatus(String run, RunStatus status, OptionalLong endTime) implements JournalRecord {
        static final String OP = "update";

        public UpdateRunStatus {
            requireNonNull(run, "run is null");
            requireNonNull(status, "status is null");
            requireNonNull(endTime, "endTime is null");
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = line(OP, run);
            node.put("status", status.name());
            endTime.ifPresent(time -> node.put("end_time", time));
            return node;
        }
    }

    /** A journal line's first fields: the record type and the run. */
    private static ObjectNode line(String op, String run) {
        return JsonNodeFactory.instance.objectNode().put("op", op).put("run", run);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("Journal record '" + node.path("op").asText() + "' has no text field '"
                    + field + "'");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("Journal record '" + node.path("op").asText()
                    + "' has no integer field '" + field + "'");
        }
        return value.asLong();
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static RunStatus status(String name) {
        try {
            return RunStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Journal record 'update' has status '" + name
                    + "': expected RUNNING, FINISHED, FAILED or KILLED", e);
        }
    }
}
