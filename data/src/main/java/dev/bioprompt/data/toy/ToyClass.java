package dev.bioprompt.data.toy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One toy class.
 *
 * @param name class name (lower case with spaces)
 * @param pattern what distinguishes it visually
 * @param descriptions short text descriptions of what it looks like
 */
public record ToyClass(String name, ToyPattern pattern, List<String> descriptions) {
    public ToyClass {
        requireNonNull(name, "name is null");
        requireNonNull(pattern, "pattern is null");
        descriptions = List.copyOf(requireNonNull(descriptions, "descriptions is null"));
    }

    /** The folder name of the class (spaces become underscores). */
    public String folder() {
        return name.replace(' ', '_');
    }
}
