package dev.bioprompt.methods.cocoop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class CoCoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new CoCoopMethod();
    }
}
