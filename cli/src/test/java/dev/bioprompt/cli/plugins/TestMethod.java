package dev.bioprompt.cli.plugins;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/** A method that only describes itself, for loader tests. */
record TestMethod(String name) implements PromptMethod {

    @Override
    public String description() {
        return "test method " + name;
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(MethodParameter.integer("n-ctx", 4, "context length"));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return TrainingDefaults.untrained();
    }

    @Override
    public PromptLearner create(MethodContext context) {
        throw new UnsupportedOperationException("not used by loader tests");
    }
}
