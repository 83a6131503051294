package dev.bioprompt.runners.sweep;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;

/**
 * Trains and evaluates one cell of a sweep. The runner owns the cell's tracking run (created, resumed and finished
 * by the runner); the executor logs parameters, per-epoch metrics and artifacts to {@link CellContext#run()},
 * writes its checkpoints under {@link CellContext#checkpointDir()} (resuming from them when present), and checks
 * {@link CellContext#cancellation()} between steps.
 */
@FunctionalInterface
public interface CellExecutor {

    /**
     * Runs the cell to completion.
     *
     * @return the cell's result; its status is normally {@code FINISHED} (throw to fail the cell)
     * @throws java.util.concurrent.CancellationException or {@link InterruptedException} when cancelled
     * @throws Exception any failure, recorded as the cell's failure reason
     */
    CellResult execute(JobSpec cell, CellContext ctx) throws Exception;
}
