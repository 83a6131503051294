package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * The linear probe of the BiomedCoOp benchmark ({@code LinearProbe_BiomedCLIP}, few-shot CLIP harness): L-BFGS
 * logistic regression as scikit-learn fits it, on one augmented view of the support set, with the reference's search
 * of C on the validation set. Fitted from frozen features.
 */
public final class LinearProbeMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "linear-probe";

    static final String SEARCH_STEPS = "search-steps";
    static final String MAX_ITERATIONS = "max-iterations";
    static final String TOLERANCE = "tolerance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "linear probe: L-BFGS logistic regression on frozen image features, C searched on validation (fitted)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(SEARCH_STEPS, 8, "log-space bisection steps of C after the coarse grid"),
                MethodParameter.integer(MAX_ITERATIONS, 1000, "L-BFGS iterations per fit (scikit-learn max_iter)"),
                MethodParameter.real(TOLERANCE, 1e-4, "L-BFGS gradient tolerance (scikit-learn tol)"),
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
            return new LinearProbeLearner(context.model(), context.classNames(),
                    new CSearch(p.getInt(SEARCH_STEPS), p.getInt(MAX_ITERATIONS), p.getDouble(TOLERANCE)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method.linear-probe: " + e.getMessage(), e);
        }
    }
}
