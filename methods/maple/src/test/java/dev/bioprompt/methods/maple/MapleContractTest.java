package dev.bioprompt.methods.maple;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.testkit.MethodContractTest;

class MapleContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new MapleMethod();
    }

    @Override
    protected VisionLanguageModel openModel() {
        return TinyBackbone.open();
    }
}
