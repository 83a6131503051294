package dev.bioprompt.methods.zeroshot;

import dev.bioprompt.api.method.ClassDescriptions;
import java.util.ArrayList;
import java.util.List;

/** The texts whose features represent each class (several texts per class are averaged). */
final class ClassTexts {

    private ClassTexts() {
    }

    /** One text per class: the template with {@code {}} replaced by the class name. */
    static List<List<String>> fromTemplate(String template, List<String> classNames) {
        List<List<String>> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            texts.add(List.of(template.replace("{}", name.replace('_', ' '))));
        }
        return texts;
    }

    /**
     * The first {@code limit} descriptions of every class, in list order.
     *
     * @throws IllegalArgumentException naming a class without descriptions and the description source
     */
    static List<List<String>> fromDescriptions(ClassDescriptions descriptions, List<String> classNames, int limit) {
        List<List<String>> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            List<String> sentences = descriptions.of(name);
            texts.add(sentences.subList(0, Math.min(limit, sentences.size())));
        }
        return texts;
    }
}
