package dev.bioprompt.examples.taskres;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * Task Residual tuning (Yu et al., "Task Residual for Tuning Vision-Language Models", CVPR 2023): the classifier
 * weights are the frozen zero-shot text features of the classes plus {@code alpha} times a learnable residual that
 * starts at zero, trained with cross-entropy.
 */
public final class TaskResMethod implements PromptMethod {

    /** The hand-written prompt template of the frozen base classifier; {} is the class name. */
    static final String TEMPLATE = "template";
    /** The scaling of the residual. */
    static final String ALPHA = "alpha";

    @Override
    public String name() {
        return "taskres";
    }

    @Override
    public String description() {
        return "Task Residual: frozen zero-shot class text features + alpha * a learnable residual (Yu et al. 2023)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.text(TEMPLATE, "a photo of a {}.", "template of the frozen base text features"),
                MethodParameter.real(ALPHA, 0.5, "scaling of the learnable residual added to the base features"));
    }

    /** A CoOp-style schedule (not tuned): SGD at 0.002, batch 32, 100 epochs, one warm-up epoch at 1e-5. */
    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(100, 32, 0.002, 1, 1e-5);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new TaskResLearner(context);
    }
}
