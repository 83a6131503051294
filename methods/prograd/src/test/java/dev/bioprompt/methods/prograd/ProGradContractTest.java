package dev.bioprompt.methods.prograd;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class ProGradContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ProGradMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
