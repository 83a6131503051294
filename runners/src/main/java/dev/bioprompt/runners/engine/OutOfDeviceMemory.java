package dev.bioprompt.runners.engine;

import java.util.Locale;

/**
 * A device ran out of memory: the message names what was running, the batch size and the setting that lowers it.
 */
public final class OutOfDeviceMemory extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private OutOfDeviceMemory(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether a failure means that memory ran out: a Java {@link OutOfMemoryError}, or an engine error whose message
     * says so (CUDA's "CUDA out of memory", the CPU allocator's "DefaultCPUAllocator: not enough memory").
     */
    public static boolean isOutOfMemory(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("out of memory") || message.contains("not enough memory")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure to throw: an {@code OutOfDeviceMemory} naming the batch size and its setting when memory ran out,
     * else the failure itself.
     *
     * @param what what was running ("evaluating 'test' on gpu(0)")
     */
    public static RuntimeException explain(RuntimeException failure, String what, int batchSize, String key) {
        if (!isOutOfMemory(failure)) {
            return failure;
        }
        return new OutOfDeviceMemory(what + " ran out of memory with batches of " + batchSize + " images: set "
                + key + " to a smaller number (for example " + Math.max(1, batchSize / 2) + ")", failure);
    }
}
