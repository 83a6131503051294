package ${package};

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/** ${methodName}: zero-shot CLIP with a learnable logit temperature (a starting point for a real method). */
public final class ${classPrefix}Method implements PromptMethod {

    /** The hand-written prompt template; {} is the class name. */
    static final String TEMPLATE = "template";

    @Override
    public String name() {
        return "${methodName}";
    }

    @Override
    public String description() {
        return "zero-shot CLIP with a learnable logit temperature";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(MethodParameter.text(TEMPLATE, "a photo of a {}.", "prompt template, {} is the class name"));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(10, 32, 0.002, 1, 1e-5);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new ${classPrefix}Learner(context);
    }
}
