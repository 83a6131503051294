package dev.bioprompt.runners.engine;

/** Hears about every finished (and checkpointed) epoch, for progress reporting. */
@FunctionalInterface
public interface EpochListener {

    /** Does nothing. */
    EpochListener NONE = metrics -> { };

    /** Called after the epoch's checkpoint is written. */
    void onEpoch(EpochMetrics metrics);
}
