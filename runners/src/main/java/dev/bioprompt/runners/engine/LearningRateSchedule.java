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
 *
 * <p>Stepped per iteration ({@code periodIterations = T > 0}, CLIP-Adapter's schedule): the same rule with the global
 * 0-based iteration {@code n} in place of the epoch, {@code W} warm-up iterations and {@code T} in place of
 * {@code E}; PyTorch's chainable {@code CosineAnnealingLR} continues past {@code T_max}, so the rate is periodic with
 * period {@code 2T} (0 at {@code n = W + T}, the peak again at {@code n = W + 2T}).
 *
 * @param learningRate the peak rate
 * @param maxEpochs E, the cosine period (the number of training epochs)
 * @param warmupEpochs W, epochs (or iterations) at the constant warm-up rate
 * @param warmupLearningRate the warm-up rate
 * @param periodIterations 0 for the per-epoch schedule; T for the per-iteration schedule
 */
public record LearningRateSchedule(double learningRate, int maxEpochs, int warmupEpochs, double warmupLearningRate,
                                   int periodIterations) {

    public LearningRateSchedule {
        if (!(learningRate >= 0) || maxEpochs <= 0 || warmupEpochs < 0 || !(warmupLearningRate >= 0)
                || periodIterations < 0) {
            throw new IllegalArgumentException("invalid schedule: learningRate=" + learningRate + " maxEpochs="
                    + maxEpochs + " warmupEpochs=" + warmupEpochs + " warmupLearningRate=" + warmupLearningRate);
        }
    }

    /** The per-epoch schedule. */
    public LearningRateSchedule(double learningRate, int maxEpochs, int warmupEpochs, double warmupLearningRate) {
        this(learningRate, maxEpochs, warmupEpochs, warmupLearningRate, 0);
    }

    /** The schedule of the engine settings. */
    public static LearningRateSchedule of(TrainingSettings settings) {
        return new LearningRateSchedule(settings.learningRate(), settings.epochs(), settings.warmupEpochs(),
                settings.warmupLearningRate(), settings.cosinePeriodIterations());
    }

    /** Whether the rate changes after every iteration rather than every epoch. */
    public boolean perIteration() {
        return periodIterations > 0;
    }

    /**
     * The rate of one step: {@link #rateAt(int) rateAt(epoch)} for the per-epoch schedule, the per-iteration rule at
     * the global iteration {@code epoch * stepsPerEpoch + step} otherwise.
     */
    public double rateAt(int epoch, int step, int stepsPerEpoch) {
        if (!perIteration()) {
            return rateAt(epoch);
        }
        long n = (long) epoch * stepsPerEpoch + step;
        if (n < warmupEpochs) {
            return warmupLearningRate;
        }
        return 0.5 * learningRate * (1 + Math.cos(Math.PI * (n - warmupEpochs) / periodIterations));
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
