package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;

/**
 * What the methods of the reference's few-shot CLIP harness ({@code main.py}: CLIP-Adapter, Tip-Adapter(-F), LP,
 * LP++) share: the support sampling quirk, the augmentation and the hard-coded logit scale.
 */
final class Harness {

    /** The parameter that chooses how the support set is sampled. */
    static final String SUPPORT_SAMPLING = "support-sampling";
    /** Faithful: the harness samples support and validation with seed 1 for every run ("task"). */
    static final String SEED_1 = "seed-1";
    /** The fix: each run samples with its own seed, as the Dassl methods do. */
    static final String RUN_SEED = "run-seed";
    /** The harness's training augmentation: RandomResizedCrop with the smallest area 0.5, then a horizontal flip. */
    static final double CROP_SCALE_MIN = 0.5;
    /** Tip-Adapter's hard-coded logit scale (BiomedCLIP's exp(logit_scale), rounded). */
    static final double TIP_LOGIT_SCALE = 85.2323;

    private Harness() {
    }

    static MethodParameter supportSampling() {
        return MethodParameter.choice(SUPPORT_SAMPLING, SEED_1, "seed-1: every run reuses the support and validation "
                + "sets sampled with seed 1 and varies only augmentation and initialisation (the reference harness); "
                + "run-seed: each run samples with its own seed", SEED_1, RUN_SEED);
    }

    static long supportSeed(MethodParameters parameters, long runSeed) {
        return parameters.getString(SUPPORT_SAMPLING).equals(SEED_1) ? 1 : runSeed;
    }
}
