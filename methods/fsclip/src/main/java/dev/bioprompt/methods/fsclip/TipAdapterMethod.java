package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.ArrayList;
import java.util.List;

/**
 * Tip-Adapter (training-free: a key-value cache of the support features plus a grid search of (beta, alpha) on the
 * validation set) and Tip-Adapter-F (the keys fine-tuned by AdamW in ten warm-started rounds, then the same search),
 * as the BiomedCoOp benchmark runs them ({@code TIPAdapter_BiomedCLIP}, few-shot CLIP harness). Fitted from frozen
 * features; nothing is trained by SGD epochs.
 */
public final class TipAdapterMethod implements PromptMethod {

    /** The training-free method's name. */
    public static final String NAME = "tip-adapter";
    /** The fine-tuned method's name. */
    public static final String NAME_F = "tip-adapter-f";

    static final String LOGIT_SCALE = "logit-scale";
    static final String AUGMENT_EPOCHS = "augment-epochs";
    static final String SEARCH_SCALE_BETA = "search-scale-beta";
    static final String SEARCH_SCALE_ALPHA = "search-scale-alpha";
    static final String SEARCH_STEPS = "search-steps";
    static final String FINE_TUNING = "fine-tuning";
    static final String ROUNDS = "rounds";
    static final String EPOCHS = "epochs";
    static final String LEARNING_RATE = "learning-rate";
    static final String BATCH_SIZE = "batch-size";
    static final String FRESH_FEATURES = "fresh-features-per-epoch";

    private final boolean fineTuned;

    /** @param fineTuned whether this is Tip-Adapter-F */
    public TipAdapterMethod(boolean fineTuned) {
        this.fineTuned = fineTuned;
    }

    @Override
    public String name() {
        return fineTuned ? NAME_F : NAME;
    }

    @Override
    public String description() {
        return fineTuned ? "Tip-Adapter-F: the cache keys fine-tuned by AdamW in warm-started rounds, then a (beta, alpha) "
                + "search on validation (fitted from frozen features)"
                : "Tip-Adapter: a training-free cache of the support features with a (beta, alpha) search on "
                + "validation (fitted from frozen features)";
    }

    @Override
    public List<MethodParameter> parameters() {
        List<MethodParameter> out = new ArrayList<>(List.of(
                MethodParameter.real(LOGIT_SCALE, Harness.TIP_LOGIT_SCALE, "zero-shot logit scale (the reference "
                        + "hard-codes 85.2323; 0 uses the backbone's own)"),
                MethodParameter.integer(AUGMENT_EPOCHS, 1, "augmented passes over the support set averaged into the "
                        + "cache keys"),
                MethodParameter.real(SEARCH_SCALE_BETA, 50, "upper end of the beta grid"),
                MethodParameter.real(SEARCH_SCALE_ALPHA, 50, "upper end of the alpha grid"),
                MethodParameter.integer(SEARCH_STEPS, 200, "grid points per axis")));
        if (fineTuned) {
            out.addAll(List.of(
                    MethodParameter.choice(FINE_TUNING, "released", "released: ten AdamW rounds (initial alpha 0..9) "
                            + "that share one weight storage, so each continues the previous one, and the weights after "
                            + "the last round are kept (the reference code); paper: each round from a fresh copy of the "
                            + "keys, keeping the epoch with the best validation accuracy", "released", "paper"),
                    MethodParameter.integer(ROUNDS, 10, "fine-tuning rounds (initial alpha 0..rounds-1)"),
                    MethodParameter.integer(EPOCHS, 20, "epochs per round"),
                    MethodParameter.real(LEARNING_RATE, 0.001, "AdamW learning rate (cosine per iteration, no warm-up)"),
                    MethodParameter.integer(BATCH_SIZE, 256, "fine-tuning batch size"),
                    MethodParameter.flag(FRESH_FEATURES, true, "encode a fresh augmented pass of the support set "
                            + "every epoch (the reference); false reuses the cache pass")));
        }
        out.add(Harness.supportSampling());
        return out;
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return TrainingDefaults.untrained().withAugmentation(Harness.CROP_SCALE_MIN, true);
    }

    @Override
    public boolean fitsFromFeatures() {
        return true;
    }

    @Override
    public long supportSeed(MethodParameters parameters, long runSeed) {
        return Harness.supportSeed(parameters, runSeed);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        MethodParameters p = context.parameters();
        int augmentEpochs = positive(p, AUGMENT_EPOCHS);
        int steps = positive(p, SEARCH_STEPS);
        double scale = p.getDouble(LOGIT_SCALE);
        if (!(scale >= 0)) {
            throw new IllegalArgumentException("method." + name() + "." + LOGIT_SCALE + " must be >= 0, was " + scale);
        }
        TipAdapterLearner.FineTuning mode = TipAdapterLearner.FineTuning.NONE;
        int rounds = 0;
        TipFineTuning training = null;
        boolean fresh = false;
        if (fineTuned) {
            mode = p.getString(FINE_TUNING).equals("paper") ? TipAdapterLearner.FineTuning.PAPER
                    : TipAdapterLearner.FineTuning.RELEASED;
            rounds = positive(p, ROUNDS);
            training = new TipFineTuning(p.getDouble(LEARNING_RATE), 1e-4, 0.01, positive(p, EPOCHS),
                    positive(p, BATCH_SIZE), scale > 0 ? scale : context.model().logitScale());
            fresh = p.getBoolean(FRESH_FEATURES);
        }
        return new TipAdapterLearner(context.model(), context.classNames(), new TipAdapterLearner.Settings(scale,
                augmentEpochs, p.getDouble(SEARCH_SCALE_BETA), p.getDouble(SEARCH_SCALE_ALPHA), steps, mode, rounds,
                training, fresh), name());
    }

    private int positive(MethodParameters p, String key) {
        int value = p.getInt(key);
        if (value <= 0) {
            throw new IllegalArgumentException("method." + name() + "." + key + " must be positive, was " + value);
        }
        return value;
    }
}
