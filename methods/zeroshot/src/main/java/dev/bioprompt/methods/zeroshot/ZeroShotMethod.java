package dev.bioprompt.methods.zeroshot;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * Zero-shot BiomedCLIP: each class is the text feature of one hand-written template, {@code "a photo of a {}."} by
 * default (the "BiomedCLIP" baseline of the BiomedCoOp benchmark). Nothing is trained.
 */
public final class ZeroShotMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "zero-shot";

    static final String TEMPLATE = "template";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "zero-shot BiomedCLIP with one prompt template per class (no training)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(MethodParameter.text(TEMPLATE, "a photo of a {}.",
                "the prompt template; {} is replaced by the class name"));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return TrainingDefaults.untrained();
    }

    @Override
    public PromptLearner create(MethodContext context) {
        String template = context.parameters().getString(TEMPLATE);
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("method.zero-shot.template must contain {} for the class name, was '"
                    + template + "'");
        }
        return new FixedTextLearner(context.model(), context.classNames(), names -> ClassTexts.fromTemplate(template, names));
    }
}
