package dev.bioprompt.methods.coop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class CoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new CoopMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
