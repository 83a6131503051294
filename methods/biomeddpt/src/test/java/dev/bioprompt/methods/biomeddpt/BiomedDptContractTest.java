package dev.bioprompt.methods.biomeddpt;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class BiomedDptContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new BiomedDptMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
