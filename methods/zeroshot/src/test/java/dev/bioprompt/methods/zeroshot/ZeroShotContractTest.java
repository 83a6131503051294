package dev.bioprompt.methods.zeroshot;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class ZeroShotContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ZeroShotMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
