package dev.bioprompt.methods.biomeddpt;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class BiomedDptContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new BiomedDptMethod();
    }
}
