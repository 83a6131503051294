package dev.bioprompt.backbone.io;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** Counts the heap bytes the current thread allocates (HotSpot's per-thread allocation counter). */
final class Allocations {

    interface Action {
        void run() throws Throwable;
    }

    private Allocations() {
    }

    /** Runs {@code action} and returns the bytes it allocated; what it throws is kept in {@code thrown[0]}. */
    static long measure(Action action, Throwable[] thrown) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        try {
            action.run();
        } catch (Throwable t) {
            thrown[0] = t;
        }
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
