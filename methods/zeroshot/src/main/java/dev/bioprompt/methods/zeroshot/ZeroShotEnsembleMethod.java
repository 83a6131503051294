package dev.bioprompt.methods.zeroshot;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * Zero-shot BiomedCLIP with an LLM-description ensemble ("BiomedCLIP + ensemble" of the BiomedCoOp benchmark): each
 * class is the renormalised mean of the L2-normalised text features of its first {@code n-prompts} descriptions.
 * Nothing is trained. A class without descriptions is an error naming the class and the description source.
 */
public final class ZeroShotEnsembleMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "zero-shot-ensemble";

    static final String N_PROMPTS = "n-prompts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "zero-shot BiomedCLIP with the mean of each class's LLM-description features (no training)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(MethodParameter.integer(N_PROMPTS, 50, "how many descriptions per class to average (the first ones)")
                .atLeast(1));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return TrainingDefaults.untrained();
    }

    @Override
    public boolean needsDescriptions() {
        return true;
    }

    @Override
    public PromptLearner create(MethodContext context) {
        int nPrompts = context.parameters().getInt(N_PROMPTS);
        ClassTexts.fromDescriptions(context.descriptions(), context.classNames(), nPrompts);
        return new FixedTextLearner(context.model(), context.classNames(),
                names -> ClassTexts.fromDescriptions(context.descriptions(), names, nPrompts));
    }
}
