package dev.bioprompt.runners.engine;

/**
 * Derives independent, reproducible seeds from the run seed (SplitMix64 mixing), so that every epoch's shuffling,
 * augmentation and engine random stream depend only on the run seed and the epoch. That is what makes a resumed run
 * identical to an uninterrupted one.
 */
public final class Seeds {

    /** Purpose of a derived seed: the batch order of an epoch. */
    public static final long SHUFFLE = 0x5348554646L;
    /** Purpose of a derived seed: the augmentations of one batch. */
    public static final long AUGMENT = 0x4155474dL;
    /** Purpose of a derived seed: the augmentation of one pass over the support set of a fitted learner. */
    public static final long FIT = 0x464954L;
    /** Purpose of a derived seed: the engine's random stream (dropout) during an epoch. */
    public static final long ENGINE = 0x454e47L;

    private Seeds() {
    }

    /** A seed for {@code (seed, parts...)}; different parts give statistically independent seeds. */
    public static long derive(long seed, long... parts) {
        long h = mix(seed);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x632be59bd9b4e019L));
        }
        return h;
    }

    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
