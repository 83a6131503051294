package dev.bioprompt.api.tracking;

import java.nio.file.Path;
import java.util.Map;

/**
 * One run in the tracking store. Implementations never throw because the store is unreachable: they spool records
 * and replay them later. Methods may be called from one thread at a time.
 */
public interface TrackedRun extends AutoCloseable {

    /** The store's run id. */
    String runId();

    /** Logs parameters (immutable once logged, as in MLflow). */
    void logParams(Map<String, String> params);

    /** Logs metric values at a step (epoch, or 0 for final metrics). */
    void logMetrics(Map<String, Double> metrics, long step);

    /** Sets tags. */
    void setTags(Map<String, String> tags);

    /**
     * Uploads a file (or every file of a folder) as an artifact.
     *
     * @param file a file or folder
     * @param artifactPath the folder inside the run's artifacts ({@code ""} for the root)
     */
    void logArtifact(Path file, String artifactPath);

    /** Ends the run with a status. Further calls are errors. */
    void finish(RunStatus status);

    /** Ends the run as {@link RunStatus#FINISHED} unless it was already ended. */
    @Override
    void close();
}
