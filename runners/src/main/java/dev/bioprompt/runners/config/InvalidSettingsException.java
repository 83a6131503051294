package dev.bioprompt.runners.config;

import java.util.List;

/** Configuration that the schema refuses: unknown keys, wrong types, values out of range. A usage error. */
public final class InvalidSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming the key and where it was set. */
    public List<String> problems() {
        return problems;
    }
}
