package dev.bioprompt.api.tracking;

import java.util.List;
import java.util.Optional;

/** A tracking store for runs: MLflow over REST, or the offline {@code mlruns/} file store. */
public interface Tracker extends AutoCloseable {

    /** Starts a run. */
    TrackedRun startRun(RunRequest request);

    /**
     * Reads a run back (params, latest metrics, tags, status).
     *
     * @return empty when no such run exists
     */
    Optional<RunRecord> getRun(String runId);

    /** Lists runs of an experiment, newest first. */
    List<RunRecord> listRuns(String experiment);

    /**
     * The names of the active experiments, sorted.
     *
     * @throws UnsupportedOperationException when the store cannot list them
     */
    default List<String> experimentNames() {
        throw new UnsupportedOperationException("this tracking store cannot list its experiments");
    }

    /** A URI describing where runs go ({@code file:///.../mlruns} or {@code http://host:5000}). */
    String uri();

    /** Flushes spooled records and releases connections. */
    @Override
    void close();
}
