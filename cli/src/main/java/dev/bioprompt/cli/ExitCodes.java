package dev.bioprompt.cli;

/** The process exit codes of {@code bioprompt}. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A failure (bad input, a failed run, an unreachable store). */
    public static final int FAILURE = 1;
    /** A usage error (unknown option, missing argument, bad configuration key). */
    public static final int USAGE = 2;
    /** The promotion gate did not pass. */
    public static final int GATE_FAILED = 3;

    private ExitCodes() {
    }
}
