package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run ids a tracker hands out: a run created during an outage gets a provisional id ({@code local-} and the
 * run's correlation id without dashes) that maps to the server's id once the run is created. Thread-safe.
 */
final class RunIds {
    static final String PROVISIONAL_PREFIX = "local-";

    private final Map<String, String> serverIds = new ConcurrentHashMap<>();

    /** The provisional id of the run with this correlation id. */
    static String provisional(UUID correlationId) {
        return PROVISIONAL_PREFIX + correlationId.toString().replace("-", "");
    }

    static boolean isProvisional(String runId) {
        return runId.startsWith(PROVISIONAL_PREFIX);
    }

    /** Records that the run with a provisional id has this id on the server. */
    void map(String provisional, String serverId) {
        serverIds.put(requireNonNull(provisional, "provisional is null"), requireNonNull(serverId, "serverId is null"));
    }

    /** Records the mappings of a journal left by an earlier process. */
    void mapAll(Map<String, String> mappings) {
        serverIds.putAll(mappings);
    }

    /** The server's id of a run, or {@code runId} itself (a server id, or a provisional id not yet created). */
    String resolve(String runId) {
        return serverIds.getOrDefault(runId, runId);
    }

    /**
     * The server's id of a run.
     *
     * @throws IllegalArgumentException when the run has only a provisional id (it was never created)
     */
    String requireServerId(String runId) {
        String id = resolve(runId);
        if (isProvisional(id)) {
            throw new IllegalArgumentException("Run " + runId + " was never created on the server");
        }
        return id;
    }
}
