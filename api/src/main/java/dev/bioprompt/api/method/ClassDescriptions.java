package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLM-written sentences per class name (descriptions or attributes), as read from a user-supplied JSON file
 * {@code {"class name": ["sentence", ...]}}.
 *
 * @param source where the sentences came from (a file path), used in error messages
 * @param byClass sentences keyed by class name
 */
public record ClassDescriptions(String source, Map<String, List<String>> byClass) {

    public ClassDescriptions {
        requireNonNull(source, "source is null");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        requireNonNull(byClass, "byClass is null").forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byClass = Collections.unmodifiableMap(copy);
    }

    /** No descriptions at all. */
    public static ClassDescriptions none() {
        return new ClassDescriptions("(none configured)", Map.of());
    }

    /**
     * The sentences of one class.
     *
     * @throws IllegalArgumentException naming the class and the source when there are none
     */
    public List<String> of(String className) {
        List<String> sentences = byClass.get(className);
        if (sentences == null || sentences.isEmpty()) {
            throw new IllegalArgumentException("no descriptions for class '" + className + "' in " + source
                    + " (expected a JSON object {\"" + className + "\": [\"sentence\", ...]})");
        }
        return sentences;
    }
}
