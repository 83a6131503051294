package dev.bioprompt.methods.ogkd;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class OgkdContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new OgkdMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
