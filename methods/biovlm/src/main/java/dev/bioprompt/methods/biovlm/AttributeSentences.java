package dev.bioprompt.methods.biovlm;

import dev.bioprompt.api.method.ClassDescriptions;
import java.util.ArrayList;
import java.util.List;

/**
 * BioVLM's LLM-attribute sentences: {@code "<prefix> <class name> <suffix>, <clause>"} where the clause turns a
 * descriptor into a relative clause ("which is ...", "which ...", "which has ...").
 */
final class AttributeSentences {

    private static final List<String> VERB_STARTS = List.of("has", "often", "typically", "may", "can");

    private AttributeSentences() {
    }

    /**
     * The relative clause of one descriptor, by the reference's rules in this order (case-sensitive prefixes of the trimmed descriptor): a descriptor starting with the
     * letter "a" gives "which is d"; one starting with has/often/typically/may/can gives "which d"; one starting with
     * "used" gives "which is d"; anything else gives "which has d".
     */
    static String clause(String descriptor) {
        String d = descriptor.trim();
        if (d.startsWith("a")) {
            return "which is " + d;
        }
        for (String start : VERB_STARTS) {
            if (d.startsWith(start)) {
                return "which " + d;
            }
        }
        if (d.startsWith("used")) {
            return "which is " + d;
        }
        return "which has " + d;
    }

    /** One sentence: {@code "<prefix> <class name> <suffix>, <clause>"}, underscores in the class name as spaces. */
    static String sentence(String prefix, String className, String suffix, String descriptor) {
        return prefix + " " + className.replace('_', ' ') + " " + suffix + ", " + clause(descriptor);
    }

    /**
     * The first {@code count} sentences of every class, class-major.
     *
     * @throws IllegalArgumentException naming the class and the description source when a class has fewer than
     *     {@code count} descriptors
     */
    static List<List<String>> of(ClassDescriptions descriptions, List<String> classNames, int count, String prefix,
                                 String suffix) {
        List<List<String>> sentences = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            List<String> descriptors = descriptions.of(name);
            if (descriptors.size() < count) {
                throw new IllegalArgumentException("biovlm pairs each of its " + count + " prompts with one attribute, "
                        + "but class '" + name + "' has only " + descriptors.size() + " in " + descriptions.source()
                        + " (set method.biovlm.bank-size to at most " + descriptors.size() + ")");
            }
            List<String> row = new ArrayList<>(count);
            for (String descriptor : descriptors.subList(0, count)) {
                row.add(sentence(prefix, name, suffix, descriptor));
            }
            sentences.add(row);
        }
        return sentences;
    }
}
