package dev.bioprompt.runners.engine;

/** Training stopped because a loss term became NaN or infinite; the message names the method, epoch and term. */
public final class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the method, the epoch, the step and the term */
    public NonFiniteLossException(String message) {
        super(message);
    }
}
