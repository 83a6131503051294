package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.ArtifactFiles;
import dev.bioprompt.tracking.MlflowKeys;
import dev.bioprompt.tracking.StandardTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Tracker} backed by an MLflow tracking server's REST API (MLflow 2.17 and 3.x).
 *
 * <p>Writes go through {@link MlflowRestClient} (timeouts, retries only for retryable failures). Listing runs uses
 * the MLflow Java client's paged search. When the server is unreachable or answers 5xx, records are appended to an
 * fsync'ed journal in the spool folder and replayed in order on a later call and on {@link #close()} (bounded
 * wait). Replays are idempotent: a run is created with a client-generated {@link StandardTags#CORRELATION_ID} tag
 * and looked up by it first; params are write-once; metric points already stored (same key, step and timestamp)
 * are skipped. A run that cannot be created during an outage gets a provisional id ({@code local-...}) which is
 * mapped to the server's id once created.
 */
public final class MlflowTracker implements ResumableTracker {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowTracker.class);
    static final String PROVISIONAL_PREFIX = "local-";
    /**
     * The longest wait between replay attempts: while a run keeps logging, a backlog drains on its first tracking
     * call at most this long after the server answers again (the wait starts at the replay interval and doubles).
     */
    static final Duration MAX_REPLAY_DELAY = Duration.ofSeconds(30);
    /** While the server refuses the credentials (401/403), it is probed at most this often. */
    static final Duration CREDENTIAL_PROBE_INTERVAL = Duration.ofSeconds(30);

    private final MlflowRestClient rest;
    private final MlflowCredentials credentials;
    private final RetryPolicy retry;
    private final Duration replayInterval;
    private final Duration closeTimeout;
    private final Path spoolDir;
    private final ArtifactUploader artifacts;
    private final Deque<OutageJournal> journals = new ArrayDeque<>();
    private final Map<String, String> runIds = new HashMap<>();
    private final Map<String, String> experimentIds = new HashMap<>();
    private final Map<String, String> artifactUris = new HashMap<>();
    private final Map<String, Set<String>> storedPoints = new HashMap<>();
    private OutageJournal ownJournal;
    private MlflowClient javaClient;
    private long lastReplayAttempt;
    private Duration replayDelay;
    private volatile boolean credentialsRefused;
    private boolean closed;

    private MlflowTracker(Builder builder) {
        this.credentials = builder.credentials;
        this.rest = new MlflowRestClient(builder.uri, builder.credentials, builder.connectTimeout,
                builder.requestTimeout);
        this.retry = builder.retry;
        this.replayInterval = builder.replayInterval;
        this.replayDelay = builder.replayInterval;
        this.closeTimeout = builder.closeTimeout;
        this.spoolDir = builder.spoolDir.resolve(spoolName(rest.trackingUri()));
        this.artifacts = new ArtifactUploader(rest, builder.environment);
        for (OutageJournal journal : OutageJournal.adoptOrphans(spoolDir)) {
            journals.addLast(journal);
            runIds.putAll(journal.runIds());
        }
    }

    /** A builder for the server at {@code trackingUri} ({@code http(s)://host:port[/prefix]}). */
    public static Builder builder(URI trackingUri) {
        return new Builder(trackingUri);
    }

    @Override
    public String uri() {
        return rest.trackingUri().toString();
    }

    /** The REST client (for the model-registry mirror and other callers that need raw calls). */
    public MlflowRestClient restClient() {
        return rest;
    }

    /** The retry policy for direct calls. */
    RetryPolicy retryPolicyForTests() {
        return retry;
    }

    /** The folder holding this server's outage journals. */
    public Path spoolDir() {
        return spoolDir;
    }

    /** How many records wait in journals for the server to come back. */
    public synchronized int pendingRecords() {
        return journals.stream().mapToInt(OutageJournal::size).sum();
    }

    @Override
    public TrackedRun startRun(RunRequest request) {
        requireNonNull(request, "request is null");
        Map<String, String> tags = new LinkedHashMap<>();
        request.tags().forEach((k, v) -> {
            MlflowKeys.validateKey("tag", k);
            tags.put(k, MlflowKeys.tagValue(k, v));
        });
        tags.put(StandardTags.RUN_NAME, request.runName());
        tags.putIfAbsent(StandardTags.USER, System.getProperty("user.name", "unknown"));
        request.parent().ifPresent(parent -> tags.put(StandardTags.PARENT_RUN_ID, resolveRunId(parent)));
        String correlationId = UUID.randomUUID().toString();
        tags.put(StandardTags.CORRELATION_ID, correlationId);
        if (request.experiment().isEmpty() || request.experiment().length() > 500) {
            throw new IllegalArgumentException("Invalid experiment name '" + request.experiment()
                    + "': expected 1 to 500 characters");
        }

        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("op", "create");
        op.put("run", PROVISIONAL_PREFIX + correlationId.replace("-", ""));
        op.put("experiment", request.experiment());
        op.put("run_name", request.runName());
        op.put("start_time", System.currentTimeMillis());
        op.set("tags", MlflowRestClient.JSON.valueToTree(tags));

        synchronized (this) {
            checkOpen();
            replayIfDue();
            if (!hasPending()) {
                try {
                    return new MlflowRun(this, executeWithRetries(op));
                } catch (TrackingUnavailableException e) {
                    LOG.warn("MLflow server unreachable; run '{}' is recorded locally and created when it is back "
                            + "({})", request.runName(), e.getMessage());
                    lastReplayAttempt = System.nanoTime();
                }
            }
            spool(op);
            return new MlflowRun(this, op.get("run").asText());
        }
    }

    /**
     * Reopens a run (status RUNNING again). While the server is unreachable, a run id this tracker knows
     * (a server id, or a provisional id whose creation is still journaled) is reopened offline.
     *
     * @throws IllegalArgumentException when the server has no such run
     */
    @Override
    public TrackedRun resumeRun(String runId) {
        requireNonNull(runId, "runId is null");
        String id = resolveRunId(runId);
        Map<String, String> params = Map.of();
        if (id.startsWith(PROVISIONAL_PREFIX)) {
            synchronized (this) {
                if (journals.stream().noneMatch(j -> j.createsRun(id))) {
                    throw new IllegalArgumentException("Run " + runId + " is unknown: it was never created on "
                            + uri() + " and no journal in " + spoolDir + " creates it");
                }
            }
        } else {
            try {
                params = getRun(id).orElseThrow(() -> new IllegalArgumentException("No run " + runId + " on "
                        + uri())).params();
            } catch (TrackingUnavailableException e) {
                LOG.warn("MLflow server unreachable; resuming run {} offline ({})", runId, e.getMessage());
            } catch (MlflowApiException e) {
                if (!isAccessProblem(e)) {
                    throw e;
                }
                credentialsRefused = true;
                LOG.warn("MLflow server refuses the credentials; resuming run {} offline ({})", runId,
                        e.getMessage());
            }
        }
        MlflowRun run = new MlflowRun(this, id, params);
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("op", "update");
        op.put("run", id);
        op.put("status", RunStatus.RUNNING.name());
        submit(op);
        return run;
    }

    @Override
    public Optional<RunRecord> getRun(String runId) {
        requireNonNull(runId, "runId is null");
        String id = resolveRunId(runId);
        if (id.startsWith(PROVISIONAL_PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode response = rest.get("runs/get", Map.of("run_id", id), retry);
            return Optional.of(RunJson.toRecord(response.path("run")));
        } catch (MlflowApiException e) {
            if (e.statusCode() == 404 || "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<RunRecord> listRuns(String experiment) {
        requireNonNull(experiment, "experiment is null");
        Optional<String> experimentId = findExperimentId(experiment);
        if (experimentId.isEmpty()) {
            return List.of();
        }
        List<RunRecord> runs = new ArrayList<>();
        try {
            RunsPage page = javaClient().searchRuns(List.of(experimentId.get()), "", Service.ViewType.ACTIVE_ONLY,
                    1000, List.of("attributes.start_time DESC"));
            while (true) {
                for (Service.Run run : page.getItems()) {
                    runs.add(RunJson.toRecord(run));
                }
                if (!page.hasNextPage()) {
                    break;
                }
                page = (RunsPage) page.getNextPage();
            }
        } catch (MlflowHttpException e) {
            if (e.getStatusCode() == 429 || e.getStatusCode() >= 500) {
                throw new TrackingUnavailableException("Cannot list the runs of experiment '" + experiment + "' at "
                        + uri() + ": HTTP " + e.getStatusCode(), e);
            }
            throw new MlflowApiException("runs/search", e.getStatusCode(), "HTTP_" + e.getStatusCode(),
                    e.getBodyMessage());
        } catch (MlflowClientException e) {
            throw new TrackingUnavailableException("Cannot list the runs of experiment '" + experiment + "' at "
                    + uri() + ": " + e.getMessage(), e);
        }
        runs.sort(java.util.Comparator.comparingLong(RunRecord::startTime).reversed());
        return runs;
    }

    /** Every stored value of a metric, paged through {@code metrics/get-history} (the Java client reads one page). */
    public List<MetricPoint> metricHistory(String runId, String key) {
        String id = resolveRunId(runId);
        List<MetricPoint> points = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("run_id", id);
            query.put("metric_key", key);
            query.put("max_results", "25000");
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            JsonNode response = rest.get("metrics/get-history", query, retry);
            response.path("metrics").forEach(node -> points.add(MetricPoint.fromJson(node)));
            pageToken = response.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return points;
    }

    /** Whether the server refused the credentials (HTTP 401/403) since the last successful replay. */
    public boolean credentialsRefused() {
        return credentialsRefused;
    }

    /** Tries to replay the journals now; returns true when nothing is left. */
    public synchronized boolean replayNow() {
        return replay();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        synchronized (this) {
            while (hasPending()) {
                boolean probeDue = !credentialsRefused
                        || System.nanoTime() - lastReplayAttempt >= CREDENTIAL_PROBE_INTERVAL.toNanos();
                if (probeDue && replay()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, Math.min(500, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (hasPending() && credentialsRefused) {
                LOG.error("MLflow server {} refused the credentials (HTTP 401/403): {} tracking record(s) stay in {}. "
                        + "Run any bioprompt command against this server with valid credentials "
                        + "(MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD), for "
                        + "example 'bioprompt runs list', to replay them in full", uri(), pendingRecords(), spoolDir);
            } else if (hasPending()) {
                LOG.warn("MLflow server still unreachable: {} tracking record(s) stay in {} and are replayed by the "
                        + "next tracker for {}", pendingRecords(), spoolDir, uri());
            }
            journals.forEach(OutageJournal::release);
            journals.clear();
            artifacts.close();
            if (javaClient != null) {
                javaClient.close();
            }
        }
    }

    // ---- called by MlflowRun ----

    synchronized void submit(ObjectNode op) {
        checkOpen();
        if (hasPending()) {
            spool(op);
            replayIfDue();
            return;
        }
        try {
            executeWithRetries(op);
        } catch (TrackingUnavailableException e) {
            LOG.warn("MLflow server unreachable; spooling tracking records to {} ({})", spoolDir, e.getMessage());
            spool(op);
            lastReplayAttempt = System.nanoTime();
        } catch (MlflowApiException e) {
            if (!isAccessProblem(e)) {
                throw e;
            }
            if (!credentialsRefused) {
                LOG.error("MLflow server refuses the credentials ({}); this is not an outage: tracking records are "
                        + "journaled to {} and the server is probed at most every {} s; they are replayed in full "
                        + "once valid credentials are given", e.getMessage(), spoolDir,
                        CREDENTIAL_PROBE_INTERVAL.toSeconds());
            }
            credentialsRefused = true;
            spool(op);
            lastReplayAttempt = System.nanoTime();
        }
    }

    synchronized String resolveRunId(String runId) {
        return resolveRunIdLocked(runId);
    }

    // ---- replay machinery ----

    /** Expired or refused credentials mid-run: keep the records for a replay with valid ones. */
    private static boolean isAccessProblem(MlflowApiException e) {
        return e.statusCode() == 401 || e.statusCode() == 403;
    }

    private boolean hasPending() {
        return journals.stream().anyMatch(j -> !j.isEmpty());
    }

    /**
     * Replays when the current delay has passed since the last attempt. The delay doubles after each failed
     * attempt (up to {@link #MAX_REPLAY_DELAY}) so that a long outage, where each attempt may wait for a connect
     * timeout, does not slow the caller down, and drops back to the replay interval once the server answers.
     */
    private void replayIfDue() {
        Duration delay = credentialsRefused ? CREDENTIAL_PROBE_INTERVAL : replayDelay;
        if (hasPending() && System.nanoTime() - lastReplayAttempt >= delay.toNanos()) {
            if (replay()) {
                replayDelay = replayInterval;
            } else {
                Duration doubled = replayDelay.multipliedBy(2);
                replayDelay = doubled.compareTo(MAX_REPLAY_DELAY) > 0
                        ? (replayInterval.compareTo(MAX_REPLAY_DELAY) > 0 ? replayInterval : MAX_REPLAY_DELAY)
                        : doubled;
            }
        }
    }

    /** Replays journals in order until one record fails to go through; true when all are replayed. */
    private boolean replay() {
        lastReplayAttempt = System.nanoTime();
        storedPoints.clear();
        while (!journals.isEmpty()) {
            OutageJournal journal = journals.peekFirst();
            while (!journal.isEmpty()) {
                ObjectNode op = journal.peek();
                try {
                    String created = execute(op, true);
                    if ("create".equals(op.path("op").asText())) {
                        journal.mapRunId(op.get("run").asText(), created);
                    }
                } catch (TrackingUnavailableException e) {
                    LOG.debug("Replay paused: {}", e.getMessage());
                    storedPoints.clear();
                    return false;
                } catch (MlflowApiException e) {
                    if (isAccessProblem(e)) {
                        credentialsRefused = true;
                        LOG.debug("Replay paused: {}", e.getMessage());
                        storedPoints.clear();
                        return false;
                    }
                    LOG.error("Dropping a spooled tracking record the server rejects ({}): {}", op.path("op").asText(),
                            e.getMessage());
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    LOG.error("Dropping a spooled tracking record the server rejects ({}): {}", op.path("op").asText(),
                            e.getMessage());
                }
                journal.acknowledge();
            }
            if (journal == ownJournal) {
                // keep our journal open for the next outage, but clear what was replayed
                journal.delete();
                ownJournal = null;
            } else {
                journal.delete();
            }
            journals.removeFirst();
        }
        LOG.info("MLflow server reachable again; spooled tracking records replayed");
        credentialsRefused = false;
        return true;
    }

    private void spool(ObjectNode op) {
        if (ownJournal == null) {
            ownJournal = OutageJournal.create(spoolDir);
            journals.addLast(ownJournal);
        }
        if ("artifact".equals(op.path("op").asText()) && !op.path("spooled").asBoolean(false)) {
            op = spoolArtifactCopy(op, ownJournal.artifactDir());
        }
        ownJournal.append(op);
    }

    /** Copies a file or folder whose upload is spooled, so that later changes to it do not change what is sent. */
    private static ObjectNode spoolArtifactCopy(ObjectNode op, Path artifactDir) {
        Path source = Path.of(op.get("source").asText());
        Path copyRoot = artifactDir.resolve(UUID.randomUUID().toString());
        Path copy = copyRoot.resolve(source.getFileName().toString());
        try {
            Files.createDirectories(copyRoot);
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : walk.toList()) {
                        Path target = copy.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spool artifact " + source + " to " + copyRoot, e);
        }
        ObjectNode spooled = op.deepCopy();
        spooled.put("source", copy.toString());
        spooled.put("spooled", true);
        return spooled;
    }

    // ---- operations ----

    /**
     * Runs a record directly, retrying retryable failures per the retry policy. Only the first attempt is a plain
     * send: a failed attempt may still have been stored (a lost response), so retries use the idempotent replay
     * path (look the run up by its correlation id, skip metric points already stored).
     */
    private String executeWithRetries(ObjectNode op) {
        TrackingUnavailableException failure;
        try {
            return execute(op, false);
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
            storedPoints.clear();
            try {
                return execute(op, true);
            } catch (TrackingUnavailableException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * Runs one record against the server with a single attempt per request; for a create, returns the server's
     * run id. With {@code idempotent}, a record that may already be stored is not stored twice.
     */
    private String execute(ObjectNode op, boolean idempotent) {
        boolean replaying = idempotent;
        RetryPolicy policy = RetryPolicy.once();
        String kind = op.path("op").asText();
        switch (kind) {
            case "create" -> {
                return createRun(op, replaying, policy);
            }
            case "batch" -> logBatch(op, replaying, policy);
            case "artifact" -> uploadArtifact(op, policy);
            case "update" -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("run_id", requireServerId(op.path("run").asText()));
                body.put("status", op.path("status").asText());
                if (op.hasNonNull("end_time")) {
                    body.put("end_time", op.get("end_time").asLong());
                }
                rest.post("runs/update", body, policy);
            }
            default -> throw new IllegalArgumentException("Unknown journal record '" + kind + "'");
        }
        return null;
    }

    private String createRun(ObjectNode op, boolean replaying, RetryPolicy policy) {
        String provisional = op.get("run").asText();
        String experimentId = experimentId(op.get("experiment").asText(), policy);
        String correlationId = op.path("tags").path(StandardTags.CORRELATION_ID).asText();
        if (replaying) {
            Optional<String> existing = findByCorrelation(experimentId, correlationId, policy);
            if (existing.isPresent()) {
                runIds.put(provisional, existing.get());
                return existing.get();
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("experiment_id", experimentId);
        body.put("run_name", op.get("run_name").asText());
        body.put("start_time", op.get("start_time").asLong());
        body.put("user_id", op.path("tags").path(StandardTags.USER).asText(""));
        var tagArray = body.putArray("tags");
        op.path("tags").properties().forEach(e -> tagArray.addObject().put("key", e.getKey())
                .put("value", StandardTags.PARENT_RUN_ID.equals(e.getKey())
                        ? resolveRunIdLocked(e.getValue().asText()) : e.getValue().asText()));
        JsonNode info = rest.post("runs/create", body, policy).path("run").path("info");
        String runId = info.path("run_id").asText(info.path("run_uuid").asText());
        if (runId.isEmpty()) {
            throw new MlflowApiException("runs/create", 200, "INVALID_RESPONSE", "no run_id in the response");
        }
        artifactUris.put(runId, info.path("artifact_uri").asText(""));
        runIds.put(provisional, runId);
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

    private void logBatch(ObjectNode op, boolean replaying, RetryPolicy policy) {
        String runId = requireServerId(op.path("run").asText());
        LogBatch batch = LogBatch.fromJson(op);
        List<MetricPoint> metrics = batch.metrics();
        if (replaying && !metrics.isEmpty()) {
            metrics = new ArrayList<>();
            for (MetricPoint point : batch.metrics()) {
                Set<String> stored = storedPoints(runId, point.key(), policy);
                if (!stored.contains(point.dedupKey())) {
                    metrics.add(point);
                }
            }
        }
        if (metrics.isEmpty() && batch.params().isEmpty() && batch.tags().isEmpty()) {
            return;
        }
        rest.post("runs/log-batch", new LogBatch(metrics, batch.params(), batch.tags()).toJson(runId), policy);
        if (replaying) {
            for (MetricPoint point : metrics) {
                storedPoints.get(runId + "\u0000" + point.key()).add(point.dedupKey());
            }
        }
    }

    private Set<String> storedPoints(String runId, String key, RetryPolicy policy) {
        String cacheKey = runId + "\u0000" + key;
        Set<String> stored = storedPoints.get(cacheKey);
        if (stored == null) {
            stored = new HashSet<>();
            String pageToken = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("run_id", runId);
                query.put("metric_key", key);
                query.put("max_results", "25000");
                if (pageToken != null) {
                    query.put("page_token", pageToken);
                }
                JsonNode response = rest.get("metrics/get-history", query, policy);
                for (JsonNode node : response.path("metrics")) {
                    stored.add(MetricPoint.fromJson(node).dedupKey());
                }
                pageToken = response.path("next_page_token").asText("");
            } while (!pageToken.isEmpty());
            storedPoints.put(cacheKey, stored);
        }
        return stored;
    }

    private void uploadArtifact(ObjectNode op, RetryPolicy policy) {
        String runId = requireServerId(op.path("run").asText());
        Path source = Path.of(op.get("source").asText());
        String artifactUri = artifactUris.get(runId);
        if (artifactUri == null || artifactUri.isEmpty()) {
            artifactUri = rest.get("runs/get", Map.of("run_id", runId), policy)
                    .path("run").path("info").path("artifact_uri").asText();
            artifactUris.put(runId, artifactUri);
        }
        for (Map.Entry<String, Path> file : ArtifactFiles.plan(source, op.path("artifact_path").asText("")).entrySet()) {
            artifacts.upload(artifactUri, file.getKey(), file.getValue(), policy);
        }
    }

    private String experimentId(String name, RetryPolicy policy) {
        String cached = experimentIds.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<String> existing = findExperimentId(name, policy);
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
                id = findExperimentId(name, policy).orElseThrow(() -> new IllegalArgumentException("Experiment '"
                        + name + "' exists on " + uri() + " but is deleted; restore it (mlflow experiments restore) "
                        + "or choose another experiment name"));
            }
        }
        experimentIds.put(name, id);
        return id;
    }

    private Optional<String> findExperimentId(String name) {
        return findExperimentId(name, retry);
    }

    /** Active experiments through {@code experiments/search}, following page tokens. */
    @Override
    public List<String> experimentNames() {
        List<String> names = new ArrayList<>();
        String token = "";
        do {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("max_results", 1000);
            body.put("view_type", "ACTIVE_ONLY");
            if (!token.isEmpty()) {
                body.put("page_token", token);
            }
            JsonNode page = rest.post("experiments/search", body, retry);
            page.path("experiments").forEach(e -> names.add(e.path("name").asText()));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return names.stream().sorted().toList();
    }

    private Optional<String> findExperimentId(String name, RetryPolicy policy) {
        try {
            JsonNode experiment = rest.get("experiments/get-by-name", Map.of("experiment_name", name), policy)
                    .path("experiment");
            if ("deleted".equals(experiment.path("lifecycle_stage").asText())) {
                return Optional.empty();
            }
            return Optional.of(experiment.path("experiment_id").asText());
        } catch (MlflowApiException e) {
            if (e.statusCode() == 404 || "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String requireServerId(String runId) {
        String id = resolveRunIdLocked(runId);
        if (id.startsWith(PROVISIONAL_PREFIX)) {
            throw new IllegalArgumentException("Run " + runId + " was never created on the server");
        }
        return id;
    }

    private String resolveRunIdLocked(String runId) {
        return runIds.getOrDefault(runId, runId);
    }

    private synchronized MlflowClient javaClient() {
        if (javaClient == null) {
            String host = rest.trackingUri().toString();
            BasicMlflowHostCreds creds;
            if (credentials.token() != null) {
                creds = new BasicMlflowHostCreds(host, credentials.token());
            } else if (credentials.username() != null) {
                creds = new BasicMlflowHostCreds(host, credentials.username(), credentials.password());
            } else {
                creds = new BasicMlflowHostCreds(host);
            }
            javaClient = new MlflowClient(creds);
        }
        return javaClient;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The tracker for " + uri() + " is closed");
        }
    }

    private static String spoolName(URI uri) {
        return (uri.getHost() == null ? "server" : uri.getHost()) + "_" + (uri.getPort() < 0 ? "default" : uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath().replaceAll("[^A-Za-z0-9]+", "_"));
    }

    /** Options of an {@link MlflowTracker}. */
    public static final class Builder {
        private final URI uri;
        private MlflowCredentials credentials = MlflowCredentials.none();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration replayInterval = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Path spoolDir = Path.of(System.getProperty("user.home"), ".bioprompt", "tracking-spool");
        private Map<String, String> environment = Map.of();

        private Builder(URI uri) {
            this.uri = requireNonNull(uri, "uri is null");
        }

        public Builder credentials(MlflowCredentials credentials) {
            this.credentials = requireNonNull(credentials, "credentials is null");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = requireNonNull(retry, "retry is null");
            return this;
        }

        /** How long to wait between replay attempts during an outage (default 10 s). */
        public Builder replayInterval(Duration interval) {
            this.replayInterval = requireNonNull(interval, "interval is null");
            return this;
        }

        /** How long {@link MlflowTracker#close()} keeps trying to replay spooled records (default 30 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /** Where outage journals go (a sub-folder per server); default {@code ~/.bioprompt/tracking-spool}. */
        public Builder spoolDir(Path dir) {
            this.spoolDir = requireNonNull(dir, "dir is null");
            return this;
        }

        /** Environment read for credentials and S3 settings ({@code MLFLOW_S3_ENDPOINT_URL}, {@code AWS_REGION}). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
            return this;
        }

        /** Credentials and S3 settings from the environment. */
        public Builder fromEnvironment(Map<String, String> environment) {
            environment(environment);
            return credentials(MlflowCredentials.fromEnvironment(environment));
        }

        public MlflowTracker build() {
            return new MlflowTracker(this);
        }
    }
}
