package dev.bioprompt.runners.engine;

import java.util.List;
import java.util.Optional;

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
    public Optional<EpochMetrics> last() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }
}
