package dev.bioprompt.methods.prograd;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;
import java.util.Map;

/** The contract with the zero-shot teacher, whose losses carry a gradient guide. */
class ProGradZeroShotContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ProGradMethod();
    }

    @Override
    protected Map<String, String> memoryCheckOverrides() {
        return Map.of("teacher", "zeroshot");
    }
}
