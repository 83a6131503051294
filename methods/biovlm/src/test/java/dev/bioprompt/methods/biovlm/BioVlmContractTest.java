package dev.bioprompt.methods.biovlm;

import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.testkit.MethodContractTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class BioVlmContractTest extends MethodContractTest {

    @Override
    protected PromptMethod method() {
        return new BioVlmMethod();
    }

    /** Ten attributes per class, one per bank member. */
    @Override
    protected ClassDescriptions descriptions() {
        return tenAttributes(classNames());
    }

    static ClassDescriptions tenAttributes(List<String> classNames) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        String[] starts = {"a dark area", "has bright spots", "often round", "used in staging", "dense cells",
            "may bleed", "typically small", "can grow", "irregular borders", "smooth edges"};
        for (String c : classNames) {
            List<String> attributes = new ArrayList<>();
            for (String start : starts) {
                attributes.add(start + " typical of " + c);
            }
            byClass.put(c, attributes);
        }
        return new ClassDescriptions("contract attributes", byClass);
    }
}
