package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class ClipAdapterContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ClipAdapterMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
