package dev.bioprompt.data.augment;

import java.util.SplittableRandom;

/** Per-sample generator seeds derived from a run seed, so augmentation never depends on thread timing. */
public final class SampleSeeds {

    private SampleSeeds() {
    }

    /**
     * A generator for sample {@code position} and stream {@code stream} (0 for the base view, 1.. for extra views)
     * under {@code seed}; the same arguments always give the same sequence.
     */
    public static SplittableRandom random(long seed, long position, int stream) {
        return new SplittableRandom(mix(mix(mix(seed) ^ position) + stream));
    }

    /** The seed for one epoch of a run (so each epoch draws fresh crops). */
    public static long epochSeed(long runSeed, int epoch) {
        return mix(runSeed * 0x9E3779B97F4A7C15L + epoch);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
