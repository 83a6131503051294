package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

/**
 * One row of a gate verdict.
 *
 * @param name what was checked ({@code seeds on btmri})
 * @param expected what the policy asks for
 * @param actual what the candidate shows
 * @param passed whether the check passed
 * @param note an explanation, or {@code ""}
 */
public record CheckResult(String name, String expected, String actual, boolean passed, String note) {
    public CheckResult {
        requireNonNull(name, "name is null");
        requireNonNull(expected, "expected is null");
        requireNonNull(actual, "actual is null");
        requireNonNull(note, "note is null");
    }

    static CheckResult of(String name, String expected, String actual, boolean passed) {
        return new CheckResult(name, expected, actual, passed, "");
    }
}
