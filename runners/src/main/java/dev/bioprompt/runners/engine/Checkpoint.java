package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.Tensor;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state after a completed epoch, enough to continue training exactly where it stopped.
 *
 * <p>Random state: every epoch's batch order, augmentations and engine random stream are derived from
 * {@code (settings.seed(), epoch)} alone (see {@link Seeds}), so the seed and the number of completed epochs are the
 * whole random state.
 *
 * @param method the method name
 * @param settings the engine settings of the run (a resumed run must use the same)
 * @param epochsCompleted the number of completed epochs (the next epoch to run)
 * @param learner the learner's exported tensors
 * @param momentum the optimiser's momentum buffers by parameter name
 * @param history metrics of the completed epochs
 */
public record Checkpoint(String method, TrainingSettings settings, int epochsCompleted, Map<String, Tensor> learner,
                         Map<String, Tensor> momentum, List<EpochMetrics> history) {
    public Checkpoint {
        requireNonNull(method, "method is null");
        requireNonNull(settings, "settings is null");
        learner = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(learner, "learner is null")));
        momentum = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(momentum, "momentum is null")));
        history = List.copyOf(requireNonNull(history, "history is null"));
        if (epochsCompleted < 0) {
            throw new IllegalArgumentException("epochsCompleted must be >= 0, was " + epochsCompleted);
        }
    }
}
