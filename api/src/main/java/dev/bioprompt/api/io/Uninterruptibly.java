package dev.bioprompt.api.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs writes that must not depend on the calling thread's interrupt status. An interrupt closes any
 * {@link java.nio.channels.InterruptibleChannel} the interrupted thread is using (a {@code FileChannel} write fails with
 * {@code ClosedByInterruptException}, an HTTP call with {@code InterruptedException}), so recording that a run was
 * KILLED from the very thread that was interrupted to stop it would fail. The action runs on a writer thread that is
 * never interrupted; the caller waits for it without reacting to interrupts and gets its interrupt status back
 * afterwards.
 */
public final class Uninterruptibly {

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bioprompt-uninterruptible-writer");
        t.setDaemon(true);
        return t;
    });

    private Uninterruptibly() {
    }

    /** An action that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoAction<T> {
        /** Runs the action. */
        T run() throws IOException;
    }

    /**
     * Runs an action on a writer thread and waits for it, ignoring interrupts while waiting (the interrupt status is
     * restored afterwards). Exceptions of the action are rethrown as they are.
     */
    public static <T> T call(IoAction<T> action) throws IOException {
        Future<T> future = WRITERS.submit(action::run);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #call} for an action without result and without checked exceptions. */
    public static void run(Runnable action) {
        try {
            call(() -> {
                action.run();
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
