package dev.bioprompt.methods.coop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class CoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new CoopMethod();
    }
}
