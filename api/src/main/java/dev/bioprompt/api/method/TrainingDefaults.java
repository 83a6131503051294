package dev.bioprompt.api.method;

/**
 * The engine settings a method's reference implementation trains with.
 *
 * <p>The five-argument form is the Dassl reference every prompt learner of the CoOp family uses: SGD with momentum
 * 0.9 and weight decay 5e-4, a cosine stepped once per epoch after the warm-up epochs, the {@code drop_last} rule of
 * the Dassl loader, and RandomResizedCrop with the smallest area 0.08 and no flip. A method whose reference trains
 * otherwise chooses the engine options with the {@code with...} copies, for example CLIP-Adapter's plain SGD stepped
 * per iteration: {@code new TrainingDefaults(20, 32, 0.01, 1, 1e-5).withSgd(0, 0).withIterationCosine(20)
 * .withLastBatchKept(true)}.
 *
 * @param epochs number of epochs (0 means the method is not trained by the SGD engine)
 * @param batchSize training batch size
 * @param learningRate peak learning rate of SGD
 * @param warmupEpochs warm-up length at the constant warm-up rate before the cosine schedule: epochs, or iterations
 *     when the cosine is stepped per iteration ({@code cosinePeriodIterations > 0})
 * @param warmupLearningRate the constant warm-up rate (1e-5 in the references)
 * @param momentum SGD momentum (0.9 in the Dassl reference; 0 is plain SGD)
 * @param weightDecay SGD weight decay added to the gradient (5e-4 in the Dassl reference)
 * @param cosinePeriodIterations 0: the cosine is stepped once per epoch over the training epochs (Dassl); a positive
 *     T: it is stepped after every iteration, {@code 0.5 lr (1 + cos(pi (n - W) / T))} for iteration {@code n >= W},
 *     periodic with period 2T as PyTorch's chainable {@code CosineAnnealingLR} past {@code T_max}
 * @param keepLastBatch false: the Dassl rule (the incomplete last batch is dropped when the set holds a full batch);
 *     true: every image is used every epoch ({@code drop_last=False})
 * @param cropScaleMin the smallest area of the training RandomResizedCrop (0.08 in Dassl, 0.5 in the few-shot CLIP
 *     harness)
 * @param horizontalFlip whether training images are mirrored with probability 0.5
 */
public record TrainingDefaults(int epochs, int batchSize, double learningRate, int warmupEpochs,
                               double warmupLearningRate, double momentum, double weightDecay,
                               int cosinePeriodIterations, boolean keepLastBatch, double cropScaleMin,
                               boolean horizontalFlip) {

    /** The Dassl SGD momentum. */
    public static final double REFERENCE_MOMENTUM = 0.9;
    /** The Dassl SGD weight decay. */
    public static final double REFERENCE_WEIGHT_DECAY = 5e-4;
    /** The Dassl RandomResizedCrop smallest area. */
    public static final double REFERENCE_CROP_SCALE_MIN = 0.08;

    public TrainingDefaults {
        if (epochs < 0 || batchSize <= 0 || !(learningRate >= 0) || warmupEpochs < 0 || !(warmupLearningRate >= 0)
                || !(momentum >= 0) || !(weightDecay >= 0) || cosinePeriodIterations < 0
                || !(cropScaleMin > 0 && cropScaleMin <= 1)) {
            throw new IllegalArgumentException("invalid training defaults: epochs=" + epochs + " batchSize=" + batchSize
                    + " learningRate=" + learningRate + " warmupEpochs=" + warmupEpochs + " momentum=" + momentum
                    + " weightDecay=" + weightDecay + " cosinePeriodIterations=" + cosinePeriodIterations
                    + " cropScaleMin=" + cropScaleMin);
        }
    }

    /** The Dassl reference engine with these epochs, batch size and rates. */
    public TrainingDefaults(int epochs, int batchSize, double learningRate, int warmupEpochs,
                            double warmupLearningRate) {
        this(epochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, REFERENCE_MOMENTUM,
                REFERENCE_WEIGHT_DECAY, 0, false, REFERENCE_CROP_SCALE_MIN, false);
    }

    /** No training at all (zero-shot baselines, and methods fitted from frozen features). */
    public static TrainingDefaults untrained() {
        return new TrainingDefaults(0, 1, 0, 0, 0);
    }

    /** A copy with another SGD momentum and weight decay ({@code withSgd(0, 0)} is plain SGD). */
    public TrainingDefaults withSgd(double newMomentum, double newWeightDecay) {
        return new TrainingDefaults(epochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, newMomentum,
                newWeightDecay, cosinePeriodIterations, keepLastBatch, cropScaleMin, horizontalFlip);
    }

    /**
     * A copy whose cosine is stepped after every iteration with period parameter {@code periodIterations}
     * (PyTorch's {@code T_max}); the warm-up then counts iterations. 0 restores the per-epoch cosine.
     */
    public TrainingDefaults withIterationCosine(int periodIterations) {
        return new TrainingDefaults(epochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, momentum,
                weightDecay, periodIterations, keepLastBatch, cropScaleMin, horizontalFlip);
    }

    /** A copy that keeps (true) or drops by the Dassl rule (false) the incomplete last batch. */
    public TrainingDefaults withLastBatchKept(boolean keep) {
        return new TrainingDefaults(epochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, momentum,
                weightDecay, cosinePeriodIterations, keep, cropScaleMin, horizontalFlip);
    }

    /** A copy with another training augmentation (RandomResizedCrop smallest area, horizontal flip). */
    public TrainingDefaults withAugmentation(double newCropScaleMin, boolean flip) {
        return new TrainingDefaults(epochs, batchSize, learningRate, warmupEpochs, warmupLearningRate, momentum,
                weightDecay, cosinePeriodIterations, keepLastBatch, newCropScaleMin, flip);
    }

    /** A copy with other epochs, batch size and peak rate (the engine options stay). */
    public TrainingDefaults withSchedule(int newEpochs, int newBatchSize, double newLearningRate) {
        return new TrainingDefaults(newEpochs, newBatchSize, newLearningRate, warmupEpochs, warmupLearningRate,
                momentum, weightDecay, cosinePeriodIterations, keepLastBatch, cropScaleMin, horizontalFlip);
    }
}
