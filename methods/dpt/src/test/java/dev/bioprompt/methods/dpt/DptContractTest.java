package dev.bioprompt.methods.dpt;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class DptContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new DptMethod();
    }
}
