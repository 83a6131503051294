package dev.bioprompt.methods.kgcoop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class KgCoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new KgCoopMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
