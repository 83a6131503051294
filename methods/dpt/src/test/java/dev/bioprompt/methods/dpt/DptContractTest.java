package dev.bioprompt.methods.dpt;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class DptContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new DptMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
