package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import java.util.List;

/**
 * The prompt set currently holding an alias, with the runs that back its metrics.
 *
 * @param name the prompt-set name
 * @param alias the alias it holds
 * @param version its registry version
 * @param sourceRun the run recorded in its manifest ({@code ""} when unknown)
 * @param runs the runs of its sweep that the gate compares against (may be empty)
 */
public record Champion(String name, String alias, int version, String sourceRun, List<RunRecord> runs) {
    public Champion {
        requireNonNull(name, "name is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(sourceRun, "sourceRun is null");
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
    }

    /** {@code btmri@production = v3 (run abc)}. */
    public String describe() {
        return name + "@" + alias + " = v" + version + (sourceRun.isEmpty() ? "" : " (run " + sourceRun + ")");
    }
}
