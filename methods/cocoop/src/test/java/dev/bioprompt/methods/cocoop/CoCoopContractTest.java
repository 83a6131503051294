package dev.bioprompt.methods.cocoop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class CoCoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new CoCoopMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
