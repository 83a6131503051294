package dev.bioprompt.runners.engine;

import dev.bioprompt.api.method.TrainingDefaults;

/**
 * The engine settings of one training run.
 *
 * @param epochs number of epochs (0: nothing is trained)
 * @param batchSize training batch size
 * @param learningRate peak SGD learning rate
 * @param warmupEpochs epochs at the constant warm-up rate
 * @param warmupLearningRate the warm-up rate
 * @param momentum SGD momentum (0.9 in the references)
 * @param weightDecay SGD weight decay (5e-4 in the references)
 * @param seed the run seed: shuffling, augmentation and the engine's random stream derive from it per epoch
 * @param cosinePeriodIterations 0: the cosine is stepped per epoch (Dassl); T &gt; 0: stepped after every iteration
 *     with PyTorch's {@code T_max = T}, the warm-up counted in iterations ({@link LearningRateSchedule})
 * @param keepLastBatch whether the incomplete last batch is kept ({@code drop_last=False}) instead of the Dassl rule
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, int warmupEpochs,
                               double warmupLearningRate, double momentum, double weightDecay, long seed,
                               int cosinePeriodIterations, boolean keepLastBatch) {

    /** The reference SGD momentum. */
    public static final double MOMENTUM = 0.9;
    /** The reference SGD weight decay. */
    public static final double WEIGHT_DECAY = 5e-4;

    public TrainingSettings {
        if (epochs < 0 || batchSize <= 0 || !(learningRate >= 0) || warmupEpochs < 0 || !(warmupLearningRate >= 0)
                || !(momentum >= 0) || !(weightDecay >= 0) || cosinePeriodIterations < 0) {
            throw new IllegalArgumentException("invalid training settings: epochs=" + epochs + " batch-size="
                    + batchSize + " learning-rate=" + learningRate + " warmup-epochs=" + warmupEpochs
                    + " warmup-learning-rate=" + warmupLearningRate + " momentum=" + momentum
                    + " weight-decay=" + weightDecay + " cosine-period-iterations=" + cosinePeriodIterations);
        }
    }

    /** Settings with the Dassl schedule (cosine per epoch) and batching ({@code drop_last} rule). */
    public TrainingSettings(int epochs, int batchSize, double learningRate, int warmupEpochs,
                            double warmupLearningRate, double momentum, double weightDecay, long seed) {
        this(epochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, momentum, weightDecay, seed, 0,
                false);
    }

    /** A method's defaults: its schedule and its engine options (momentum, weight decay, stepping, batching). */
    public static TrainingSettings of(TrainingDefaults defaults, long seed) {
        return new TrainingSettings(defaults.epochs(), defaults.batchSize(), defaults.learningRate(),
                defaults.warmupEpochs(), defaults.warmupLearningRate(), defaults.momentum(), defaults.weightDecay(),
                seed, defaults.cosinePeriodIterations(), defaults.keepLastBatch());
    }

    /** A copy with another number of epochs. */
    public TrainingSettings withEpochs(int newEpochs) {
        return new TrainingSettings(newEpochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, momentum,
                weightDecay, seed, cosinePeriodIterations, keepLastBatch);
    }
}
