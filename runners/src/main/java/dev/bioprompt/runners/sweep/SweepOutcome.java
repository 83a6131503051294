package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.List;

/**
 * How a sweep ended, counted from its cells' results, and the one rule that gives the status of its parent run.
 * Every runner ends its sweep's parent run with {@link #status()}:
 *
 * <ol>
 *   <li>{@code KILLED} when any cell did not end: it was cancelled (Ctrl-C, SIGTERM, {@code cancel()}, an interrupt),
 *   its Job was deleted, or it never started because the sweep was cancelled. Such a cell has no result in the
 *   sweep state, so running the sweep again resumes it;</li>
 *   <li>else {@code FAILED} when any cell failed;</li>
 *   <li>else {@code FINISHED}: every cell finished.</li>
 * </ol>
 *
 * A result still {@code RUNNING} counts as killed: the cell did not end.
 *
 * @param cells the number of cells
 * @param finished the cells that finished
 * @param failed the cells that failed
 * @param killed the cells that did not end (killed, cancelled or not run)
 */
public record SweepOutcome(int cells, int finished, int failed, int killed) {

    public SweepOutcome {
        if (cells < 0 || finished < 0 || failed < 0 || killed < 0 || finished + failed + killed != cells) {
            throw new IllegalArgumentException("finished (" + finished + "), failed (" + failed + ") and killed ("
                    + killed + ") must be non-negative and add up to the cells (" + cells + ")");
        }
    }

    /** Counts the results of a sweep's cells. */
    public static SweepOutcome of(List<CellResult> results) {
        requireNonNull(results, "results is null");
        int finished = 0;
        int failed = 0;
        int killed = 0;
        for (CellResult result : results) {
            switch (requireNonNull(result, "a cell result is null").status()) {
                case FINISHED -> finished++;
                case FAILED -> failed++;
                default -> killed++;
            }
        }
        return new SweepOutcome(results.size(), finished, failed, killed);
    }

    /** The status of the sweep's parent run: {@code KILLED}, else {@code FAILED}, else {@code FINISHED}. */
    public RunStatus status() {
        return killed > 0 ? RunStatus.KILLED : failed > 0 ? RunStatus.FAILED : RunStatus.FINISHED;
    }

    /** Whether every cell finished (the results table is then attached to the parent run). */
    public boolean allFinished() {
        return finished == cells;
    }

    /** The sweep's closing progress line. */
    public String summary(String sweepId) {
        return "sweep " + sweepId + ": " + finished + " finished, " + failed + " failed, " + killed
                + " killed or not run" + (status() == RunStatus.KILLED ? " (run again to resume)" : "");
    }
}
