package dev.bioprompt.benchmarks;

import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Two benchmark programs taking turns through one small file, so that their steps never overlap and each Java step
 * runs right beside a Python step under the same machine conditions ({@code --turns FILE} here and in
 * {@code tools/bench_methods.py}; {@code tools/bench_paired.sh} starts both).
 *
 * <p>The file holds the name of the side whose turn it is ({@code java} or {@code python}). A side that has ended
 * (normally or not) leaves a marker beside it, {@code FILE.<side>-finished}, after which the other side no longer
 * waits. The marker is a file of its own, never overwritten: a pass that reads the file just before the other side
 * finishes and writes just after cannot hide the finish. {@link #take()} waits for this side's turn; {@link #pass()}
 * hands it to the other side. Every piece of measured work (building the model, a method's setup, each warm-up and
 * timed step) is done between a take and a pass, and both programs do the same pieces in the same order, so they
 * alternate piece by piece.
 */
final class TurnFile implements AutoCloseable {

    static final String JAVA = "java";
    static final String PYTHON = "python";
    private static final String FINISHED = "-finished";
    /**
     * The longest pause between two looks at the file while waiting. Waiting starts at 1 ms and doubles up to this,
     * so that a waiting side wakes about 60 times a second: polling every millisecond took a few percent of a core
     * from the other side's step, which on a 2-core machine delays its libtorch threads.
     */
    private static final long MAX_PAUSE_MILLIS = 16;

    private final Path file;
    private final String side;
    private final String other;
    private final Duration patience;

    private TurnFile(Path file, String side, String other, Duration patience) {
        this.file = file;
        this.side = side;
        this.other = other;
        this.patience = patience;
    }

    /** No turns: every piece of work runs at once (a benchmark run alone). */
    static TurnFile none() {
        return new TurnFile(null, JAVA, PYTHON, Duration.ZERO);
    }

    /** Turns for the Java side through {@code file}, waiting at most {@code patience} for each turn. */
    static TurnFile javaSide(Path file, Duration patience) {
        return new TurnFile(file, JAVA, PYTHON, patience);
    }

    /** Turns for the other side (tests play both sides). */
    static TurnFile pythonSide(Path file, Duration patience) {
        return new TurnFile(file, PYTHON, JAVA, patience);
    }

    /**
     * Waits until it is this side's turn or the other side has finished.
     *
     * @throws IllegalStateException when the turn does not come within the patience (the other side hangs or was
     *                               never started)
     */
    void take() {
        if (file == null) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMillis = 1;
        while (true) {
            String holder = read();
            if (holder.equals(side) || finished(other)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + patience.toSeconds() + " s for the turn in " + file
                        + ", which says '" + holder + "'; is the " + other + " side running with the same options?");
            }
            try {
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(MAX_PAUSE_MILLIS, 2 * pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the turn in " + file, e);
            }
        }
    }

    /** Hands the turn to the other side, unless it has finished. */
    void pass() {
        if (file != null && !finished(other)) {
            write(file, other);
        }
    }

    /** Marks this side finished: the other side takes every later turn without waiting. */
    @Override
    public void close() {
        if (file != null) {
            write(marker(side), "finished");
        }
    }

    /** The marker a side leaves when it has ended: {@code FILE.<side>-finished}. */
    Path marker(String finishedSide) {
        return file.resolveSibling(file.getFileName() + "." + finishedSide + FINISHED);
    }

    private boolean finished(String finishedSide) {
        return Files.exists(marker(finishedSide));
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the turn file " + file, e);
        }
    }

    private static void write(Path target, String text) {
        try {
            AtomicFiles.writeString(target, text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the turn file " + target, e);
        }
    }
}
