package dev.bioprompt.ci;

import java.io.IOException;

/**
 * A gate policy file that does not follow the policy schema: a usage mistake (the command line exits 2), never a
 * verdict. The message names the file, the line when known, the key and what was expected.
 */
public final class GatePolicyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param message the full message ({@code file:line: key 'k': problem})
     * @param key the offending key ({@code required-settings.protocol}), or {@code ""} for the whole file
     */
    public GatePolicyException(String message, String key) {
        super(message);
        this.key = key == null ? "" : key;
    }

    /** The offending key, dotted for nested keys; {@code ""} when the file as a whole is wrong. */
    public String key() {
        return key;
    }
}
