package dev.bioprompt.methods.ogkd;

import dev.bioprompt.api.method.ClassDescriptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Descriptions for the tests: eight varied sentences per class. */
final class OgkdTestSupport {

    private OgkdTestSupport() {
    }

    static ClassDescriptions descriptions(List<String> classNames) {
        String[] templates = {"an image of {}.", "{} seen on a scan.", "a scan with signs of {}.",
            "a dark region typical of {}.", "bright irregular borders around the {}.", "{}, often round and small.",
            "a large lesion unlike {}.", "smooth tissue with {} in the centre."};
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        for (String c : classNames) {
            List<String> sentences = new ArrayList<>();
            for (String t : templates) {
                sentences.add(t.replace("{}", c));
            }
            byClass.put(c, sentences);
        }
        return new ClassDescriptions("test descriptions", byClass);
    }
}
