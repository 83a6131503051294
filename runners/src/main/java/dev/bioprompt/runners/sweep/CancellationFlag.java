package dev.bioprompt.runners.sweep;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A cancellation request shared by a runner and the cells it runs (Ctrl-C, an interrupt, an explicit cancel). */
public final class CancellationFlag {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Requests cancellation; returns true the first time. */
    public boolean cancel() {
        return cancelled.compareAndSet(false, true);
    }

    /** Whether cancellation was requested. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Throws when cancellation was requested, for long loops to call between steps.
     *
     * @throws CancellationException when cancelled
     */
    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new CancellationException("cancelled");
        }
    }
}
