package dev.bioprompt.methods.fsclip;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class LpPlusPlusContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new LpPlusPlusMethod();
    }
}
