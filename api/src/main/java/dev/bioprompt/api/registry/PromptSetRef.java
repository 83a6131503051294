package dev.bioprompt.api.registry;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A reference to a registered prompt set: {@code name@alias} or {@code name@version}.
 *
 * @param name the prompt-set name
 * @param selector an alias ({@code production}) or a version number ({@code 3})
 */
public record PromptSetRef(String name, String selector) {

    public PromptSetRef {
        requireNonNull(name, "name is null");
        requireNonNull(selector, "selector is null");
        if (!PromptSetRegistry.isValidName(name)) {
            throw new IllegalArgumentException("invalid prompt-set name '" + name
                    + "': use lower-case letters, digits, '.', '_' and '-'");
        }
        if (selector.isBlank()) {
            throw new IllegalArgumentException("empty alias or version in reference to '" + name + "'");
        }
    }

    /**
     * Parses {@code name@alias} or {@code name@version}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static PromptSetRef parse(String text) {
        int at = requireNonNull(text, "text is null").lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("prompt-set reference '" + text
                    + "' must be NAME@ALIAS or NAME@VERSION (for example btmri@production, btmri@v2 or btmri@2)");
        }
        return new PromptSetRef(text.substring(0, at), text.substring(at + 1));
    }

    /** The version number, when the selector is one ({@code 2} or {@code v2}). */
    public OptionalInt version() {
        return versionNumber(selector);
    }

    /**
     * The version number a text names: {@code 2} or {@code v2} (the form the commands print); empty for anything
     * else, such as an alias.
     */
    public static OptionalInt versionNumber(String text) {
        String t = requireNonNull(text, "text is null").trim();
        if (!t.matches("[vV]?\\d{1,9}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(t.replaceFirst("^[vV]", "")));
    }

    @Override
    public String toString() {
        return name + "@" + selector;
    }
}
