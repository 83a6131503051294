package ${package};

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

/** The method contract kit on the kit's tiny backbone (TinyBiomedClip); it also checks the plugin registration. */
class ${classPrefix}ContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ${classPrefix}Method();
    }
}
