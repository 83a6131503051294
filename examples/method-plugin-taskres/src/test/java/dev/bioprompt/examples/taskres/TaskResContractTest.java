package dev.bioprompt.examples.taskres;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;

/** The method contract kit on the kit's tiny backbone (TinyBiomedClip); it also checks the plugin registration. */
class TaskResContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new TaskResMethod();
    }
}
