package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class TipAdapterFContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new TipAdapterMethod(true);
    }
}
