package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.ArtifactFiles;
import dev.bioprompt.tracking.MlflowKeys;
import dev.bioprompt.tracking.mlflow.JournalRecord.LogRunBatch;
import dev.bioprompt.tracking.mlflow.JournalRecord.UpdateRunStatus;
import dev.bioprompt.tracking.mlflow.JournalRecord.UploadArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A run of an {@link MlflowTracker}. Records are validated here (keys, write-once params) and sent as
 * {@code log-batch} requests within the server's limits through the tracker's {@link OutageBacklog}, which journals
 * them during an outage.
 */
final class MlflowRun implements TrackedRun {
    private final OutageBacklog backlog;
    private final RunIds runIds;
    private final String runId;
    private final Map<String, String> loggedParams = new HashMap<>();
    private boolean ended;

    /** A handle on a run that already has {@code params} (none for a new run). */
    MlflowRun(OutageBacklog backlog, RunIds runIds, String runId, Map<String, String> params) {
        this.backlog = requireNonNull(backlog, "backlog is null");
        this.runIds = requireNonNull(runIds, "runIds is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.loggedParams.putAll(params);
    }

    /** The server's id, or the provisional {@code local-...} id while the run waits to be created. */
    @Override
    public String runId() {
        return runIds.resolve(runId);
    }

    @Override
    public synchronized void logParams(Map<String, String> params) {
        checkOpen();
        Map<String, String> checked = new TreeMap<>();
        params.forEach((key, value) -> {
            MlflowKeys.validateKey("param", key);
            String stored = MlflowKeys.paramValue(key, value);
            String old = loggedParams.get(key);
            if (old != null && !old.equals(stored)) {
                throw new IllegalArgumentException("Changing param values is not allowed: param '" + key
                        + "' of run " + runId() + " was '" + old + "', new value '" + stored + "'");
            }
            if (old == null) {
                checked.put(key, stored);
            }
        });
        send(List.of(), checked, Map.of());
        loggedParams.putAll(checked);
    }

    @Override
    public synchronized void logMetrics(Map<String, Double> metrics, long step) {
        checkOpen();
        long timestamp = System.currentTimeMillis();
        List<MetricPoint> points = new ArrayList<>();
        new TreeMap<>(metrics).forEach((key, value) -> {
            MlflowKeys.validateKey("metric", key);
            points.add(new MetricPoint(key, requireNonNull(value, () -> "value of metric '" + key + "' is null"),
                    timestamp, step));
        });
        send(points, Map.of(), Map.of());
    }

    /** Logs metric points with their own timestamps and steps (for callers that batch a whole history). */
    public synchronized void logMetricPoints(List<MetricPoint> points) {
        checkOpen();
        points.forEach(p -> MlflowKeys.validateKey("metric", p.key()));
        send(points, Map.of(), Map.of());
    }

    @Override
    public synchronized void setTags(Map<String, String> tags) {
        checkOpen();
        Map<String, String> checked = new LinkedHashMap<>();
        new TreeMap<>(tags).forEach((key, value) -> {
            MlflowKeys.validateKey("tag", key);
            checked.put(key, MlflowKeys.tagValue(key, value));
        });
        send(List.of(), Map.of(), checked);
    }

    @Override
    public synchronized void logArtifact(Path file, String artifactPath) {
        checkOpen();
        ArtifactFiles.plan(file, artifactPath);
        String normalized = ArtifactFiles.normalizeArtifactPath(artifactPath);
        backlog.submit(new UploadArtifact(runId, file.toAbsolutePath(), normalized, false));
    }

    @Override
    public synchronized void finish(RunStatus status) {
        requireNonNull(status, "status is null");
        checkOpen();
        ended = true;
        backlog.submit(new UpdateRunStatus(runId, status, OptionalLong.of(System.currentTimeMillis())));
    }

    @Override
    public synchronized void close() {
        if (!ended) {
            finish(RunStatus.FINISHED);
        }
    }

    private void send(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        for (LogBatch batch : LogBatch.split(metrics, params, tags)) {
            backlog.submit(new LogRunBatch(runId, batch));
        }
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("Run " + runId() + " has already ended");
        }
    }
}
