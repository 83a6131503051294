package dev.bioprompt.methods.biomedcoop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class BiomedCoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new BiomedCoopMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
