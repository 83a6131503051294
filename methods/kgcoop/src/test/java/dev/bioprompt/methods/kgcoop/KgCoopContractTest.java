package dev.bioprompt.methods.kgcoop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class KgCoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new KgCoopMethod();
    }
}
