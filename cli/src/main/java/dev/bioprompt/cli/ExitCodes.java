package dev.bioprompt.cli;

import dev.bioprompt.runners.config.InvalidSettingsException;

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

    /** Ended by SIGINT (Ctrl-C): 128 + 2. */
    public static final int INTERRUPTED = 130;
    /** Ended by SIGTERM: 128 + 15. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /**
     * The exit code of an exception that ended a command: {@link #USAGE} for a usage error (a {@link UsageException}
     * or configuration the schema refuses), else {@link #FAILURE}.
     */
    public static int of(Throwable e) {
        return e instanceof UsageException || e instanceof InvalidSettingsException ? USAGE : FAILURE;
    }
}
