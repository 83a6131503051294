package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * LP++ as the BiomedCoOp benchmark runs it ({@code LinearProbe_P2_BiomedCLIP}, few-shot CLIP harness): a linear probe
 * plus a per-class weight on the text similarity, fitted by full-batch gradient descent with data-derived step sizes
 * and validation-based selection ({@link LpPlusPlusFit}). Fitted from frozen features.
 */
public final class LpPlusPlusMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "lp-plus-plus";

    static final String EPOCHS = "epochs";
    static final String ALPHA_EVERY = "alpha-every";
    static final String ALPHA_INIT_FACTOR = "alpha-init-factor";
    static final String ALPHA_GRADIENT = "alpha-gradient";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LP++: linear probe blended with text similarity, full-batch GD with data-derived steps (fitted)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(EPOCHS, 300, "full-batch gradient steps"),
                MethodParameter.integer(ALPHA_EVERY, 10, "epochs between updates of the text weights alpha"),
                MethodParameter.real(ALPHA_INIT_FACTOR, 250, "alpha starts at this factor times the mean "
                        + "image-to-own-class text similarity"),
                MethodParameter.choice(ALPHA_GRADIENT, "cumulative", "cumulative: alpha's gradient is never zeroed, "
                        + "so each alpha step uses the sum of every epoch's gradient so far (the reference code); "
                        + "reset: the sum restarts after every alpha step", "cumulative", "reset"),
                Harness.supportSampling());
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
        try {
            return new LpPlusPlusLearner(context.model(), context.classNames(), new LpPlusPlusFit(p.getInt(EPOCHS),
                    p.getInt(ALPHA_EVERY), p.getDouble(ALPHA_INIT_FACTOR),
                    p.getString(ALPHA_GRADIENT).equals("reset")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method.lp-plus-plus: " + e.getMessage(), e);
        }
    }
}
