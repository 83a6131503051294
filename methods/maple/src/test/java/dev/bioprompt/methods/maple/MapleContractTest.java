package dev.bioprompt.methods.maple;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

class MapleContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new MapleMethod();
    }
}
