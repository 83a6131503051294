package dev.bioprompt.methods.prograd;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class ProGradContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ProGradMethod();
    }
}
