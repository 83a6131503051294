package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.mlflow.MlflowApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads candidate runs from a {@link Tracker}: a sweep's children are the runs of its experiment tagged
 * {@code mlflow.parentRunId = <parent>}; a sweep id names the runs tagged {@value #SWEEP_TAG} with it.
 */
public final class TrackerCandidateSource implements CandidateSource {

    /** The tag naming the sweep of a run (written by the runners on the parent run and on every cell run). */
    public static final String SWEEP_TAG = "bioprompt.sweep";
    /** The tag naming the cell of a cell run (written by the runners). */
    public static final String CELL_TAG = "bioprompt.cell";

    private final Tracker tracker;
    private final String experiment;

    /**
     * @param tracker the tracking store
     * @param experiment the experiment name whose runs are searched for sweep children and sweep ids, or null to
     *     search the experiment the tracker reports for the run ({@link RunRecord#experimentId()})
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
    public CandidateRuns candidate(String id) throws IOException {
        requireNonNull(id, "id is null");
        Optional<RunRecord> run = find(id);
        if (run.isPresent()) {
            List<RunRecord> children = children(run.get());
            String sweep = run.get().tags().getOrDefault(SWEEP_TAG, "");
            if (!children.isEmpty()) {
                return new CandidateRuns(id, "sweep parent run " + id + (sweep.isEmpty() ? "" : " (sweep " + sweep
                        + ")") + ", " + children.size() + " run(s)", children, List.of());
            }
            if (!sweep.isEmpty() && !run.get().tags().containsKey(CELL_TAG)
                    && !run.get().tags().containsKey(RunValues.PARENT_TAG)) {
                throw new IOException("run " + id + " is the parent run of sweep " + sweep + ", but experiment '"
                        + where(run.get()) + "' of " + tracker.uri() + " holds none of its runs; pass --experiment"
                        + " NAME (the experiment: of the experiment file) or -c EXPERIMENT_FILE");
            }
            return new CandidateRuns(id, "run " + id, List.of(run.get()), List.of());
        }
        if (experiment == null) {
            throw new IOException("run '" + id + "' does not exist in " + tracker.uri());
        }
        List<RunRecord> tagged = tracker.listRuns(experiment).stream()
                .filter(r -> id.equals(r.tags().get(SWEEP_TAG))).toList();
        if (tagged.isEmpty()) {
            throw new IOException("'" + id + "' is neither a run id nor a sweep id in experiment '" + experiment
                    + "' of " + tracker.uri() + " (a sweep id is what 'bioprompt train' prints and writes with "
                    + "--sweep-id-file; pass --experiment NAME or -c EXPERIMENT_FILE when the sweep ran in another "
                    + "experiment)");
        }
        List<RunRecord> cells = new ArrayList<>();
        List<RunDecision> leftOut = new ArrayList<>();
        for (RunRecord r : tagged) {
            if (r.tags().containsKey(CELL_TAG) || r.tags().containsKey(RunValues.PARENT_TAG)) {
                cells.add(r);
            } else {
                leftOut.add(RunDecision.leftOut(RunDecision.CANDIDATE, r.runId(),
                        "the sweep's parent run (it holds no results of its own)"));
            }
        }
        String parents = leftOut.stream().map(RunDecision::runId).collect(Collectors.joining(", "));
        return new CandidateRuns(id, "sweep " + id + (parents.isEmpty() ? "" : " (parent run " + parents + ")")
                + ", " + cells.size() + " run(s)", cells, leftOut);
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

    private Optional<RunRecord> find(String runId) {
        try {
            return tracker.getRun(runId);
        } catch (MlflowApiException e) {
            if (e.statusCode() == 400) {
                return Optional.empty(); // not of the run-id form
            }
            throw e;
        }
    }

    private RunRecord get(String runId) throws IOException {
        requireNonNull(runId, "runId is null");
        return find(runId).orElseThrow(() -> new IOException("run '" + runId + "' does not exist in "
                + tracker.uri()));
    }

    private String where(RunRecord run) {
        return experiment != null ? experiment : run.experimentId();
    }

    private List<RunRecord> children(RunRecord parent) {
        return tracker.listRuns(where(parent)).stream()
                .filter(r -> parent.runId().equals(r.tags().get(RunValues.PARENT_TAG)))
                .toList();
    }
}
