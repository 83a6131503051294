package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.api.tracking.RunRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The reads of an MLflow tracking server: runs, metric histories and experiments. Reads are never journaled: while
 * the server is unreachable they fail with {@link TrackingUnavailableException}. Listing runs uses the MLflow Java
 * client's paged search; the rest goes through {@link MlflowRestClient}.
 */
final class MlflowReads implements AutoCloseable {
    private final MlflowRestClient rest;
    private final MlflowCredentials credentials;
    private final RetryPolicy retry;
    private final RunIds runIds;
    private MlflowClient javaClient;

    MlflowReads(MlflowRestClient rest, MlflowCredentials credentials, RetryPolicy retry, RunIds runIds) {
        this.rest = requireNonNull(rest, "rest is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.retry = requireNonNull(retry, "retry is null");
        this.runIds = requireNonNull(runIds, "runIds is null");
    }

    /** A run by its server or provisional id; empty for a run not (yet) on the server. */
    Optional<RunRecord> getRun(String runId) {
        String id = runIds.resolve(runId);
        if (RunIds.isProvisional(id)) {
            return Optional.empty();
        }
        try {
            JsonNode response = rest.get("runs/get", Map.of("run_id", id), retry);
            return Optional.of(RunJson.toRecord(response.path("run")));
        } catch (MlflowApiException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The active runs of an experiment, newest first; empty when there is no such experiment. */
    List<RunRecord> listRuns(String experiment) {
        Optional<String> experimentId = findExperimentId(experiment, retry);
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
                        + rest.trackingUri() + ": HTTP " + e.getStatusCode(), e);
            }
            throw new MlflowApiException("runs/search", e.getStatusCode(), "HTTP_" + e.getStatusCode(),
                    e.getBodyMessage());
        } catch (MlflowClientException e) {
            throw new TrackingUnavailableException("Cannot list the runs of experiment '" + experiment + "' at "
                    + rest.trackingUri() + ": " + e.getMessage(), e);
        }
        runs.sort(Comparator.comparingLong(RunRecord::startTime).reversed());
        return runs;
    }

    /** Every stored value of a metric of a run (server or provisional id). */
    List<MetricPoint> metricHistory(String runId, String key) {
        return metricHistory(runIds.resolve(runId), key, retry);
    }

    /** Every stored value of a metric of a server run, paged through {@code metrics/get-history}. */
    List<MetricPoint> metricHistory(String serverRunId, String key, RetryPolicy policy) {
        return MlflowPages.all(token -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("run_id", serverRunId);
            query.put("metric_key", key);
            query.put("max_results", "25000");
            if (!token.isEmpty()) {
                query.put("page_token", token);
            }
            return rest.get("metrics/get-history", query, policy);
        }, "metrics", MetricPoint::fromJson);
    }

    /** Active experiments through {@code experiments/search}, following page tokens, sorted by name. */
    List<String> experimentNames() {
        return MlflowPages.all(token -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("max_results", 1000);
            body.put("view_type", "ACTIVE_ONLY");
            if (!token.isEmpty()) {
                body.put("page_token", token);
            }
            return rest.post("experiments/search", body, retry);
        }, "experiments", e -> e.path("name").asText()).stream().sorted().toList();
    }

    /** The id of an active experiment; empty when there is none of that name or it is deleted. */
    Optional<String> findExperimentId(String name, RetryPolicy policy) {
        try {
            JsonNode experiment = rest.get("experiments/get-by-name", Map.of("experiment_name", name), policy)
                    .path("experiment");
            if ("deleted".equals(experiment.path("lifecycle_stage").asText())) {
                return Optional.empty();
            }
            return Optional.of(experiment.path("experiment_id").asText());
        } catch (MlflowApiException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (javaClient != null) {
            javaClient.close();
            javaClient = null;
        }
    }

    private static boolean isMissing(MlflowApiException e) {
        return e.statusCode() == 404 || "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode());
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
}
