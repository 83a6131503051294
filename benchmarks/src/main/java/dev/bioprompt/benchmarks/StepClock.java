package dev.bioprompt.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * What a benchmark step is timed with: the wall clock, or the calling thread's CPU time. With one libtorch thread
 * every operator runs on the calling thread, so its CPU time is the step's computation and stays steady while other
 * work shares the machine; {@code tools/bench_methods.py --clock cpu} measures the Python side the same way.
 */
enum StepClock {
    /** Elapsed time, the default: what a user waits for on an idle machine. */
    WALL,
    /** The calling thread's CPU time. */
    CPU;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** @return nanoseconds on this clock, for differences only */
    long now() {
        return this == CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static StepClock parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "wall" -> WALL;
            case "cpu" -> CPU;
            default -> throw new IllegalArgumentException("--clock expects wall or cpu, was '" + value + "'");
        };
    }
}
