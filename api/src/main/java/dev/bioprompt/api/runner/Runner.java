package dev.bioprompt.api.runner;

import java.util.List;

/**
 * Executes the cells of a sweep somewhere: in this process ({@code local}) or as Kubernetes Jobs
 * ({@code kubernetes}). Runners skip cells that already have a finished result, so a resubmitted sweep resumes.
 */
public interface Runner {

    /** The configuration name of this runner ({@code local}, {@code kubernetes}). */
    String name();

    /**
     * Runs every unfinished cell and waits for all of them.
     *
     * @return one result per cell, in the sweep's order
     */
    List<CellResult> run(SweepSpec sweep) throws InterruptedException;
}
