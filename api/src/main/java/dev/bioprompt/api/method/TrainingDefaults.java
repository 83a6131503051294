package dev.bioprompt.api.method;

/**
 * The engine settings a method's reference implementation trains with.
 *
 * @param epochs number of epochs (0 means the method is not trained)
 * @param batchSize training batch size
 * @param learningRate peak learning rate of SGD (momentum 0.9, weight decay 5e-4)
 * @param warmupEpochs epochs at the constant warm-up rate before the cosine schedule
 * @param warmupLearningRate the constant warm-up rate (1e-5 in the references)
 */
public record TrainingDefaults(int epochs, int batchSize, double learningRate, int warmupEpochs,
                               double warmupLearningRate) {
    public TrainingDefaults {
        if (epochs < 0 || batchSize <= 0 || learningRate < 0 || warmupEpochs < 0 || warmupLearningRate < 0) {
            throw new IllegalArgumentException("invalid training defaults: epochs=" + epochs + " batchSize=" + batchSize
                    + " learningRate=" + learningRate + " warmupEpochs=" + warmupEpochs);
        }
    }

    /** No training at all (zero-shot baselines). */
    public static TrainingDefaults untrained() {
        return new TrainingDefaults(0, 1, 0, 0, 0);
    }
}
