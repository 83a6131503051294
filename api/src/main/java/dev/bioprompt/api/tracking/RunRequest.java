package dev.bioprompt.api.tracking;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * What a new tracked run is.
 *
 * @param experiment the experiment name (created when missing)
 * @param runName a readable run name ({@code coop-BTMRI-16shot-seed1})
 * @param parentRunId the sweep's parent run, or null for a top-level run
 * @param tags tags set at creation
 */
public record RunRequest(String experiment, String runName, String parentRunId, Map<String, String> tags) {
    public RunRequest {
        requireNonNull(experiment, "experiment is null");
        requireNonNull(runName, "runName is null");
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
    }

    /** The parent run, if any. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentRunId);
    }
}
