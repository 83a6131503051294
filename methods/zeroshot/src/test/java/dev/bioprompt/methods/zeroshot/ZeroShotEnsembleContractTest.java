package dev.bioprompt.methods.zeroshot;

import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ZeroShotEnsembleContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new ZeroShotEnsembleMethod();
    }

    /** The ensemble needs descriptions for every class it scores, the kit's other class list included. */
    @Override
    protected ClassDescriptions descriptions() {
        Map<String, List<String>> byClass = new LinkedHashMap<>(super.descriptions().byClass());
        byClass.put("benign lesion", List.of("a smooth well defined lesion.", "a benign lesion on a scan."));
        byClass.put("malignant lesion", List.of("an irregular spiculated mass.", "a malignant lesion on a scan."));
        return new ClassDescriptions("contract descriptions", byClass);
    }
}
