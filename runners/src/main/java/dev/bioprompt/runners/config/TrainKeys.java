package dev.bioprompt.runners.config;

import dev.bioprompt.api.method.ValueRange;

/**
 * Keys of the training schedule of a cell. Unset keys keep the method's reference settings. Add a key with one line
 * here; {@link SettingsSchema} finds it.
 */
public final class TrainKeys {

    public static final Setting EPOCHS = Setting.integer("train.epochs", null,
            "epochs; unset: the method's reference schedule").atLeast(1);
    public static final Setting BATCH_SIZE = Setting.integer("train.batch-size", null,
            "training batch size; unset: the method's").atLeast(1);
    public static final Setting LEARNING_RATE = Setting.real("train.learning-rate", null,
            "peak learning rate of the cosine schedule; unset: the method's").withRange(
                    ValueRange.greaterThan(0));
    public static final Setting WARMUP_EPOCHS = Setting.integer("train.warmup-epochs", null,
            "constant warm-up epochs; unset: the method's").atLeast(0);
    public static final Setting WARMUP_LEARNING_RATE = Setting.real("train.warmup-learning-rate", null,
            "learning rate of the warm-up epochs; unset: the method's").atLeast(0);
    public static final Setting CROP_SCALE_MIN = Setting.real("train.crop-scale-min", null,
            "smallest RandomResizedCrop area of the training transform; unset: the method's (0.08 in Dassl)").withRange(
                    new ValueRange(0, false, 1, true));
    public static final Setting MOMENTUM = Setting.real("train.momentum", null,
            "SGD momentum; unset: the method's (0.9 in Dassl)").between(0, 1);
    public static final Setting WEIGHT_DECAY = Setting.real("train.weight-decay", null,
            "SGD weight decay; unset: the method's (5e-4 in Dassl)").atLeast(0);
    public static final Setting HORIZONTAL_FLIP = Setting.flag("train.horizontal-flip", null,
            "mirror training images with probability 0.5; unset: the method's");
    public static final Setting CHECKPOINTS = Setting.flag("train.checkpoints", true,
            "write a per-epoch checkpoint so that an interrupted cell resumes");

    private TrainKeys() {
    }
}
