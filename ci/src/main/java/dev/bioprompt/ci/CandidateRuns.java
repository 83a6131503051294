package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import java.util.List;

/**
 * What a {@code --candidate} id resolved to: the runs the gate evaluates, and the runs found but left out with why.
 *
 * @param id the id as given (a sweep id, a sweep's parent run id or a run id)
 * @param description what it is, for reports ({@code sweep btmri-1a2b3c (parent run 5f..., 6 runs)})
 * @param runs the runs to evaluate
 * @param leftOut runs found under the id that are not evaluated, with the reason
 */
public record CandidateRuns(String id, String description, List<RunRecord> runs, List<RunDecision> leftOut) {
    public CandidateRuns {
        requireNonNull(id, "id is null");
        requireNonNull(description, "description is null");
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
        leftOut = List.copyOf(requireNonNull(leftOut, "leftOut is null"));
    }

    /** Runs with nothing left out, described by their id. */
    public static CandidateRuns of(String id, List<RunRecord> runs) {
        return new CandidateRuns(id, id, runs, List.of());
    }
}
