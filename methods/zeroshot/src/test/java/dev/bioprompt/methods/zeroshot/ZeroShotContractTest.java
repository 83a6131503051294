package dev.bioprompt.methods.zeroshot;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class ZeroShotContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ZeroShotMethod();
    }
}
