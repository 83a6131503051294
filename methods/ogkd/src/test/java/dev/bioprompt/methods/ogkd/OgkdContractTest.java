package dev.bioprompt.methods.ogkd;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;
import java.util.Map;

class OgkdContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new OgkdMethod();
    }

    /** The patch term (LGD) is off by default; the memory check covers its path too. */
    @Override
    protected Map<String, String> memoryCheckOverrides() {
        return Map.of(OgkdMethod.LAMBDA_LGD, "1");
    }
}
