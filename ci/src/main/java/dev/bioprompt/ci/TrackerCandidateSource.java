package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.Tracker;
import java.io.IOException;
import java.util.List;

/**
 * Reads candidate runs from a {@link Tracker}: a sweep's children are the runs of its experiment tagged
 * {@code mlflow.parentRunId = <parent>}.
 */
public final class TrackerCandidateSource implements CandidateSource {

    private final Tracker tracker;
    private final String experiment;

    /**
     * @param tracker the tracking store
     * @param experiment the experiment name whose runs are searched for sweep children, or null to search the
     *     experiment the tracker reports for the run ({@link RunRecord#experimentId()})
     */
    public TrackerCandidateSource(Tracker tracker, String experiment) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.experiment = experiment;
    }

    @Override
    public List<RunRecord> runs(String runId) throws IOException {
        RunRecord run = get(runId);
        List<RunRecord> children = children(run);
        return children.isEmpty() ? List.of(run) : children;
    }

    @Override
    public List<RunRecord> sweepOf(String runId) throws IOException {
        RunRecord run = get(runId);
        String parent = run.tags().get(RunValues.PARENT_TAG);
        if (parent == null || parent.isBlank()) {
            return runs(runId);
        }
        return tracker.getRun(parent).map(this::children).filter(c -> !c.isEmpty()).orElse(List.of(run));
    }

    private RunRecord get(String runId) throws IOException {
        requireNonNull(runId, "runId is null");
        return tracker.getRun(runId).orElseThrow(() -> new IOException("run '" + runId + "' does not exist in "
                + tracker.uri()));
    }

    private List<RunRecord> children(RunRecord parent) {
        String where = experiment != null ? experiment : parent.experimentId();
        return tracker.listRuns(where).stream()
                .filter(r -> parent.runId().equals(r.tags().get(RunValues.PARENT_TAG)))
                .toList();
    }
}
