package dev.bioprompt.runners.engine;

import java.util.List;

/**
 * How training went.
 *
 * @param epochs the epochs the run has completed in total (including those restored from a checkpoint)
 * @param resumedFrom the completed epochs restored from a checkpoint (0 for a fresh run)
 * @param history metrics of every completed epoch, in order (restored epochs included)
 */
public record TrainingSummary(int epochs, int resumedFrom, List<EpochMetrics> history) {
    public TrainingSummary {
        history = List.copyOf(history);
    }

    /** The last epoch's metrics, if any epoch ran. */
    public java.util.Optional<EpochMetrics> last() {
        return history.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(history.get(history.size() - 1));
    }
}
