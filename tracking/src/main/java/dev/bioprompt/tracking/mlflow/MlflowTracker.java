package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.MlflowKeys;
import dev.bioprompt.tracking.StandardTags;
import dev.bioprompt.tracking.mlflow.JournalRecord.CreateRun;
import dev.bioprompt.tracking.mlflow.JournalRecord.UpdateRunStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link dev.bioprompt.api.tracking.Tracker} backed by an MLflow tracking server's REST API (MLflow 2.17 and
 * 3.x): a facade over {@link MlflowReads} (runs, metric histories, experiments), {@link MlflowWrites} (the
 * idempotent write operations) and {@link OutageBacklog} (the outage journal and its replay).
 *
 * <p>Writes go through {@link MlflowRestClient} (timeouts, retries only for retryable failures). When the server is
 * unreachable, answers 5xx or refuses the credentials, records are appended to an fsync'ed journal in the spool
 * folder and replayed in order on a later call and on {@link #close()} (bounded wait). Replays are idempotent: a run
 * is created with a client-generated {@link StandardTags#CORRELATION_ID} tag and looked up by it first; params are
 * write-once; metric points already stored (same key, step and timestamp) are skipped. A run that cannot be created
 * during an outage gets a provisional id ({@code local-...}) which is mapped to the server's id once created.
 */
public final class MlflowTracker implements ResumableTracker {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowTracker.class);

    private final MlflowRestClient rest;
    private final Duration closeTimeout;
    private final RunIds runIds = new RunIds();
    private final ArtifactUploader artifacts;
    private final MlflowReads reads;
    private final OutageBacklog backlog;

    private MlflowTracker(Builder builder) {
        this.rest = new MlflowRestClient(builder.uri, builder.credentials, builder.connectTimeout,
                builder.requestTimeout);
        this.closeTimeout = builder.closeTimeout;
        this.artifacts = new ArtifactUploader(rest, builder.environment);
        this.reads = new MlflowReads(rest, builder.credentials, builder.retry, runIds);
        MlflowWrites writes = new MlflowWrites(rest, reads, artifacts, runIds, builder.retry);
        this.backlog = new OutageBacklog(writes, runIds, rest.trackingUri(),
                builder.spoolDir.resolve(spoolName(rest.trackingUri())), builder.replayInterval);
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

    /** The folder holding this server's outage journals. */
    public Path spoolDir() {
        return backlog.spoolDir();
    }

    /** How many records wait in journals for the server to come back. */
    public int pendingRecords() {
        return backlog.pendingRecords();
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
        request.parent().ifPresent(parent -> tags.put(StandardTags.PARENT_RUN_ID, runIds.resolve(parent)));
        UUID correlationId = UUID.randomUUID();
        tags.put(StandardTags.CORRELATION_ID, correlationId.toString());
        if (request.experiment().isEmpty() || request.experiment().length() > 500) {
            throw new IllegalArgumentException("Invalid experiment name '" + request.experiment()
                    + "': expected 1 to 500 characters");
        }
        CreateRun create = new CreateRun(RunIds.provisional(correlationId), request.experiment(), request.runName(),
                System.currentTimeMillis(), tags);
        String runId = backlog.create(create).orElse(create.run());
        return new MlflowRun(backlog, runIds, runId, Map.of());
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
        String id = runIds.resolve(runId);
        Map<String, String> params = Map.of();
        if (RunIds.isProvisional(id)) {
            if (!backlog.createsRun(id)) {
                throw new IllegalArgumentException("Run " + runId + " is unknown: it was never created on "
                        + uri() + " and no journal in " + spoolDir() + " creates it");
            }
        } else {
            try {
                params = reads.getRun(id).orElseThrow(() -> new IllegalArgumentException("No run " + runId + " on "
                        + uri())).params();
            } catch (TrackingUnavailableException e) {
                LOG.warn("MLflow server unreachable; resuming run {} offline ({})", runId, e.getMessage());
            } catch (MlflowApiException e) {
                if (!e.credentialsRefused()) {
                    throw e;
                }
                backlog.credentialsRefusedElsewhere();
                LOG.warn("MLflow server refuses the credentials; resuming run {} offline ({})", runId,
                        e.getMessage());
            }
        }
        MlflowRun run = new MlflowRun(backlog, runIds, id, params);
        backlog.submit(new UpdateRunStatus(id, RunStatus.RUNNING, OptionalLong.empty()));
        return run;
    }

    @Override
    public Optional<RunRecord> getRun(String runId) {
        requireNonNull(runId, "runId is null");
        return reads.getRun(runId);
    }

    @Override
    public List<RunRecord> listRuns(String experiment) {
        requireNonNull(experiment, "experiment is null");
        return reads.listRuns(experiment);
    }

    /** Active experiments through {@code experiments/search}, following page tokens. */
    @Override
    public List<String> experimentNames() {
        return reads.experimentNames();
    }

    /** Every stored value of a metric, paged through {@code metrics/get-history} (the Java client reads one page). */
    public List<MetricPoint> metricHistory(String runId, String key) {
        return reads.metricHistory(runId, key);
    }

    /** Whether the server refused the credentials (HTTP 401/403) since the last successful replay. */
    public boolean credentialsRefused() {
        return backlog.credentialsRefused();
    }

    /** Tries to replay the journals now; returns true when nothing is left. */
    public boolean replayNow() {
        return backlog.replayNow();
    }

    /**
     * Keeps replaying journaled records for at most the close timeout, then lets the next tracker for this server
     * adopt what is left.
     */
    @Override
    public void close() {
        if (backlog.close(closeTimeout)) {
            artifacts.close();
            reads.close();
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
