package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * CLIP-Adapter as the BiomedCoOp benchmark runs it ({@code ClipAdapter_BiomedCLIP}, few-shot CLIP harness): a
 * residual two-layer adapter on the frozen image features, trained 20 epochs with batch 32 by plain SGD (no momentum,
 * no weight decay) at 0.01, one warm-up iteration at 1e-5, then a cosine stepped after every iteration with
 * {@code T_max = 20} iterations (periodic, period 40, as PyTorch continues it), every image used each epoch, on
 * RandomResizedCrop(0.5-1) plus flip. The test uses the last-epoch adapter.
 */
public final class ClipAdapterMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "clip-adapter";

    static final String ALPHA = "alpha";
    static final String REDUCTION = "reduction";
    static final String SCHEDULE = "schedule";
    static final String PER_ITERATION = "per-iteration";
    static final String PER_EPOCH = "per-epoch";

    /** The reference schedule (cosine per iteration with T_max 20). */
    static final TrainingDefaults REFERENCE = new TrainingDefaults(20, 32, 0.01, 1, 1e-5).withSgd(0, 0)
            .withIterationCosine(20).withLastBatchKept(true).withAugmentation(Harness.CROP_SCALE_MIN, true);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CLIP-Adapter: a residual bottleneck adapter on the frozen image features (plain SGD, per-iteration cosine)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.real(ALPHA, 0.5, "residual ratio: f' = alpha * adapter(f) + (1 - alpha) * f"),
                MethodParameter.integer(REDUCTION, 4, "bottleneck reduction: hidden width = embedding width / reduction"),
                MethodParameter.choice(SCHEDULE, PER_ITERATION, "per-iteration: the reference cosine stepped after every "
                        + "iteration with T_max 20 iterations (periodic); per-epoch: the fix, a cosine over the 20 epochs "
                        + "stepped per epoch after one warm-up epoch", PER_ITERATION, PER_EPOCH),
                Harness.supportSampling());
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return REFERENCE;
    }

    @Override
    public TrainingDefaults trainingDefaults(MethodParameters parameters) {
        return parameters.getString(SCHEDULE).equals(PER_EPOCH) ? REFERENCE.withIterationCosine(0) : REFERENCE;
    }

    @Override
    public long supportSeed(MethodParameters parameters, long runSeed) {
        return Harness.supportSeed(parameters, runSeed);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        double alpha = context.parameters().getDouble(ALPHA);
        int reduction = context.parameters().getInt(REDUCTION);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("method.clip-adapter.alpha must be in [0, 1], was " + alpha);
        }
        if (reduction <= 0) {
            throw new IllegalArgumentException("method.clip-adapter.reduction must be positive, was " + reduction);
        }
        return new ClipAdapterLearner(context.model(), context.classNames(), context.manager(), alpha, reduction,
                context.seed());
    }
}
