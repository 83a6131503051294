package dev.bioprompt.ci;

import dev.bioprompt.api.tracking.RunRecord;
import java.io.IOException;
import java.util.List;

/** Where the gate gets the runs behind a candidate or a champion. */
public interface CandidateSource {

    /**
     * The runs that make up a candidate: the children of a sweep parent, or the run itself when it has none.
     *
     * @throws IOException when the run does not exist or the store cannot be read
     */
    List<RunRecord> runs(String runId) throws IOException;

    /**
     * Resolves a candidate id (a sweep id, a sweep's parent run id or a run id) to its runs, saying which runs found
     * under it are left out and why. By default the id is a run or a sweep's parent run ({@link #runs}).
     *
     * @throws IOException naming the id when it is neither, or when the store cannot be read
     */
    default CandidateRuns candidate(String id) throws IOException {
        return CandidateRuns.of(id, runs(id));
    }

    /**
     * The runs of the sweep a run belongs to: its parent's children when it has a parent, else {@link #runs}. Used
     * for a champion, whose manifest names the single run that produced its prompts.
     *
     * @throws IOException when the run does not exist or the store cannot be read
     */
    List<RunRecord> sweepOf(String runId) throws IOException;
}
