package dev.bioprompt.api.tracking;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A run as read back from a tracking store.
 *
 * @param runId the run id
 * @param experimentId the experiment id
 * @param runName the run name
 * @param status the run status
 * @param startTime start time in epoch milliseconds
 * @param params parameters
 * @param metrics the latest value of each metric
 * @param tags tags
 * @param artifactUri where the run's artifacts live
 */
public record RunRecord(String runId, String experimentId, String runName, RunStatus status, long startTime,
                        Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags,
                        String artifactUri) {
    public RunRecord {
        requireNonNull(runId, "runId is null");
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(runName, "runName is null");
        requireNonNull(status, "status is null");
        params = Map.copyOf(requireNonNull(params, "params is null"));
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(artifactUri, "artifactUri is null");
    }
}
