package dev.bioprompt.api.runner;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A sweep: the matrix of cells an experiment expands to.
 *
 * @param sweepId a stable id (the same experiment run by the same code on the same inputs gives the same id, which
 *     makes resubmission resumable)
 * @param experiment the tracking experiment name
 * @param cells the cells, in run order
 */
public record SweepSpec(String sweepId, String experiment, List<JobSpec> cells) {
    public SweepSpec {
        requireNonNull(sweepId, "sweepId is null");
        requireNonNull(experiment, "experiment is null");
        cells = List.copyOf(requireNonNull(cells, "cells is null"));
    }
}
