package dev.bioprompt.runners.engine;

/**
 * The reference learning-rate schedule (Dassl's {@code cosine} scheduler with a constant warm-up and
 * {@code WARMUP_RECOUNT=True}), stepped once per epoch.
 *
 * <p>For a 0-based epoch {@code e}, {@code W} warm-up epochs and {@code E} maximum epochs:
 * <ul>
 *   <li>{@code e < W}: the constant warm-up rate;</li>
 *   <li>{@code e >= W}: {@code 0.5 * lr * (1 + cos(pi * (e - W) / E))}.</li>
 * </ul>
 * The cosine restarts its count after the warm-up, so the last epoch still runs at a positive rate: the schedule never
 * reaches 0.
 *
 * @param learningRate the peak rate
 * @param maxEpochs E, the cosine period (the number of training epochs)
 * @param warmupEpochs W, epochs at the constant warm-up rate
 * @param warmupLearningRate the warm-up rate
 */
public record LearningRateSchedule(double learningRate, int maxEpochs, int warmupEpochs, double warmupLearningRate) {

    public LearningRateSchedule {
        if (!(learningRate >= 0) || maxEpochs <= 0 || warmupEpochs < 0 || !(warmupLearningRate >= 0)) {
            throw new IllegalArgumentException("invalid schedule: learningRate=" + learningRate + " maxEpochs="
                    + maxEpochs + " warmupEpochs=" + warmupEpochs + " warmupLearningRate=" + warmupLearningRate);
        }
    }

    /** The schedule of the engine settings. */
    public static LearningRateSchedule of(TrainingSettings settings) {
        return new LearningRateSchedule(settings.learningRate(), settings.epochs(), settings.warmupEpochs(),
                settings.warmupLearningRate());
    }

    /**
     * The rate of a 0-based epoch.
     *
     * @throws IllegalArgumentException for a negative epoch
     */
    public double rateAt(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
        if (epoch < warmupEpochs) {
            return warmupLearningRate;
        }
        return 0.5 * learningRate * (1 + Math.cos(Math.PI * (epoch - warmupEpochs) / maxEpochs));
    }
}
