package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bioprompt.tracking.ArtifactFiles;
import dev.bioprompt.tracking.StandardTags;
import dev.bioprompt.tracking.mlflow.JournalRecord.CreateRun;
import dev.bioprompt.tracking.mlflow.JournalRecord.LogRunBatch;
import dev.bioprompt.tracking.mlflow.JournalRecord.UpdateRunStatus;
import dev.bioprompt.tracking.mlflow.JournalRecord.UploadArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends {@link JournalRecord}s to an MLflow tracking server, each with one attempt per request. Sent
 * {@code idempotent}ly (a retry, or a replay of a journal), a record that may already be stored is not stored
 * twice: a run is looked up by its {@link StandardTags#CORRELATION_ID} before it is created, and metric points
 * already stored (same key, step, timestamp and value) are skipped; params are write-once on the server and tags
 * and statuses are plain overwrites. Not thread-safe: its caller serializes the writes.
 */
final class MlflowWrites {
    private final MlflowRestClient rest;
    private final MlflowReads reads;
    private final ArtifactUploader artifacts;
    private final RunIds runIds;
    private final RetryPolicy retry;
    private final Map<String, String> experimentIds = new HashMap<>();
    private final Map<String, String> artifactUris = new HashMap<>();
    private final Map<String, Set<String>> storedPoints = new HashMap<>();

    MlflowWrites(MlflowRestClient rest, MlflowReads reads, ArtifactUploader artifacts, RunIds runIds,
                 RetryPolicy retry) {
        this.rest = requireNonNull(rest, "rest is null");
        this.reads = requireNonNull(reads, "reads is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.runIds = requireNonNull(runIds, "runIds is null");
        this.retry = requireNonNull(retry, "retry is null");
    }

    /**
     * Sends a record, retrying retryable failures per the retry policy. Only the first attempt is a plain send: a
     * failed attempt may still have been stored (a lost response), so retries are idempotent.
     *
     * @return the server's run id for a {@link CreateRun}, else null
     * @throws TrackingUnavailableException when the last attempt failed for a retryable reason
     */
    String sendWithRetries(JournalRecord record) {
        TrackingUnavailableException failure;
        try {
            return send(record, false);
        } catch (TrackingUnavailableException e) {
            failure = e;
        }
        for (int attempt = 1; attempt < retry.maxAttempts(); attempt++) {
            try {
                Thread.sleep(retry.backoff(attempt).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
            forgetStoredPoints();
            try {
                return send(record, true);
            } catch (TrackingUnavailableException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * Sends a record with a single attempt per request.
     *
     * @return the server's run id for a {@link CreateRun}, else null
     */
    String send(JournalRecord record, boolean idempotent) {
        RetryPolicy policy = RetryPolicy.once();
        if (record instanceof CreateRun create) {
            return createRun(create, idempotent, policy);
        } else if (record instanceof LogRunBatch batch) {
            logBatch(batch, idempotent, policy);
        } else if (record instanceof UploadArtifact upload) {
            uploadArtifact(upload, policy);
        } else if (record instanceof UpdateRunStatus update) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("run_id", runIds.requireServerId(update.run()));
            body.put("status", update.status().name());
            update.endTime().ifPresent(time -> body.put("end_time", time));
            rest.post("runs/update", body, policy);
        } else {
            throw new IllegalArgumentException("Unknown journal record " + record);
        }
        return null;
    }

    /** Forgets the metric points read back for idempotent sends (before a replay, or after a failed one). */
    void forgetStoredPoints() {
        storedPoints.clear();
    }

    private String createRun(CreateRun create, boolean idempotent, RetryPolicy policy) {
        String experimentId = experimentId(create.experiment(), policy);
        if (idempotent) {
            Optional<String> existing = findByCorrelation(experimentId,
                    create.tags().getOrDefault(StandardTags.CORRELATION_ID, ""), policy);
            if (existing.isPresent()) {
                runIds.map(create.run(), existing.get());
                return existing.get();
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("experiment_id", experimentId);
        body.put("run_name", create.runName());
        body.put("start_time", create.startTime());
        body.put("user_id", create.tags().getOrDefault(StandardTags.USER, ""));
        var tagArray = body.putArray("tags");
        create.tags().forEach((key, value) -> tagArray.addObject().put("key", key)
                .put("value", StandardTags.PARENT_RUN_ID.equals(key) ? runIds.resolve(value) : value));
        JsonNode info = rest.post("runs/create", body, policy).path("run").path("info");
        String runId = info.path("run_id").asText(info.path("run_uuid").asText());
        if (runId.isEmpty()) {
            throw new MlflowApiException("runs/create", 200, "INVALID_RESPONSE", "no run_id in the response");
        }
        artifactUris.put(runId, info.path("artifact_uri").asText(""));
        runIds.map(create.run(), runId);
        return runId;
    }

    private Optional<String> findByCorrelation(String experimentId, String correlationId, RetryPolicy policy) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", "tags.`" + StandardTags.CORRELATION_ID + "` = '" + correlationId + "'");
        body.put("run_view_type", "ALL");
        body.put("max_results", 1);
        JsonNode runs = rest.post("runs/search", body, policy).path("runs");
        if (runs.isArray() && !runs.isEmpty()) {
            JsonNode info = runs.get(0).path("info");
            return Optional.of(info.path("run_id").asText(info.path("run_uuid").asText()));
        }
        return Optional.empty();
    }

    private void logBatch(LogRunBatch record, boolean idempotent, RetryPolicy policy) {
        String runId = runIds.requireServerId(record.run());
        LogBatch batch = record.batch();
        List<MetricPoint> metrics = batch.metrics();
        if (idempotent && !metrics.isEmpty()) {
            metrics = new ArrayList<>();
            for (MetricPoint point : batch.metrics()) {
                if (!storedPoints(runId, point.key(), policy).contains(point.dedupKey())) {
                    metrics.add(point);
                }
            }
        }
        if (metrics.isEmpty() && batch.params().isEmpty() && batch.tags().isEmpty()) {
            return;
        }
        rest.post("runs/log-batch", new LogBatch(metrics, batch.params(), batch.tags()).toJson(runId), policy);
        if (idempotent) {
            for (MetricPoint point : metrics) {
                storedPoints.get(pointsKey(runId, point.key())).add(point.dedupKey());
            }
        }
    }

    private Set<String> storedPoints(String runId, String key, RetryPolicy policy) {
        String cacheKey = pointsKey(runId, key);
        Set<String> stored = storedPoints.get(cacheKey);
        if (stored == null) {
            stored = new HashSet<>();
            for (MetricPoint point : reads.metricHistory(runId, key, policy)) {
                stored.add(point.dedupKey());
            }
            storedPoints.put(cacheKey, stored);
        }
        return stored;
    }

    private static String pointsKey(String runId, String metricKey) {
        return runId + "\u0000" + metricKey;
    }

    private void uploadArtifact(UploadArtifact upload, RetryPolicy policy) {
        String runId = runIds.requireServerId(upload.run());
        String artifactUri = artifactUris.get(runId);
        if (artifactUri == null || artifactUri.isEmpty()) {
            artifactUri = rest.get("runs/get", Map.of("run_id", runId), policy)
                    .path("run").path("info").path("artifact_uri").asText();
            artifactUris.put(runId, artifactUri);
        }
        for (Map.Entry<String, Path> file : ArtifactFiles.plan(upload.source(), upload.artifactPath()).entrySet()) {
            artifacts.upload(artifactUri, file.getKey(), file.getValue(), policy);
        }
    }

    /** The id of an experiment, created when there is none of that name. */
    private String experimentId(String name, RetryPolicy policy) {
        String cached = experimentIds.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<String> existing = reads.findExperimentId(name, policy);
        String id;
        if (existing.isPresent()) {
            id = existing.get();
        } else {
            try {
                id = rest.post("experiments/create", JsonNodeFactory.instance.objectNode().put("name", name), policy)
                        .path("experiment_id").asText();
            } catch (MlflowApiException e) {
                if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                    throw e;
                }
                id = reads.findExperimentId(name, policy).orElseThrow(() -> new IllegalArgumentException(
                        "Experiment '" + name + "' exists on " + rest.trackingUri() + " but is deleted; restore it "
                                + "(mlflow experiments restore) or choose another experiment name"));
            }
        }
        experimentIds.put(name, id);
        return id;
    }
}
