package dev.bioprompt.api.io;

import java.io.IOException;

/**
 * A tensor file (a PyTorch checkpoint, a safetensors file, a prompt set's tensors) is malformed, inconsistent or
 * exceeds a reading budget. The only exception the checkpoint readers throw for bad file contents; its message names
 * the file and is bounded in length whatever the file holds.
 */
public class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Longest message kept; longer ones are cut and marked. */
    public static final int MAX_MESSAGE_CHARS = 2000;

    public CheckpointException(String message) {
        super(bound(message));
    }

    public CheckpointException(String message, Throwable cause) {
        super(bound(message), cause);
    }

    /** Cuts {@code message} to {@link #MAX_MESSAGE_CHARS} characters. */
    public static String bound(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + "... (" + (message.length() - MAX_MESSAGE_CHARS)
                + " more characters)";
    }
}
