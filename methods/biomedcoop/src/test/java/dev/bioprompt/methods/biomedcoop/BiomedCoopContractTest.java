package dev.bioprompt.methods.biomedcoop;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class BiomedCoopContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new BiomedCoopMethod();
    }
}
