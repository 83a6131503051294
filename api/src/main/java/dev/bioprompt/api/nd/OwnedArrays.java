package dev.bioprompt.api.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.Buffer;

/**
 * Arrays made from Java data that live in the engine's own memory. Use these instead of DJL's
 * {@code NDManager.create(float[])}, {@code create(long[])}, {@code create(Buffer, Shape, DataType)} and the other
 * {@code create} overloads that take Java data.
 *
 * <p>Why: on the PyTorch engine those overloads lend the tensor a Java direct buffer instead of copying into memory
 * that libtorch owns, and only the one {@code NDArray} object keeps that buffer alive. Anything that holds the native
 * tensor longer than that object (autograd saving it for the backward pass, as the fused attention does with its
 * padding mask; a view or an alias in another manager) reads memory that the garbage collector may have freed once
 * the object is closed: gradients become wrong or non-finite, depending on when the collector ran. The arrays made
 * here are copies in PyTorch-owned, reference-counted memory, so closing them early is safe. The copy costs one pass
 * over the data. A build test forbids the Java-data {@code create} overloads in the project's classes (see also
 * {@link ScalarOps} for the same hazard with Java numbers).
 */
public final class OwnedArrays {

    private OwnedArrays() {
    }

    /** A float32 array of {@code shape} holding {@code data}, owned by {@code manager} on its device. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return copy(manager.create(data, shape));
    }

    /** A one-dimensional float32 array holding {@code data}. */
    public static NDArray of(NDManager manager, float[] data) {
        return copy(manager.create(data));
    }

    /** An int64 array of {@code shape} holding {@code data}, owned by {@code manager} on its device. */
    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        return copy(manager.create(data, shape));
    }

    /** A one-dimensional int64 array holding {@code data} (indices, labels). */
    public static NDArray of(NDManager manager, long[] data) {
        return copy(manager.create(data));
    }

    /** A one-dimensional int32 array holding {@code data}. */
    public static NDArray of(NDManager manager, int[] data) {
        return copy(manager.create(data));
    }

    /**
     * An array of {@code shape} and {@code type} whose elements are read from {@code data} (native byte order for a
     * {@code ByteBuffer}); {@code data} may be released once this returns.
     */
    public static NDArray of(NDManager manager, Buffer data, Shape shape, DataType type) {
        return copy(manager.create(data, shape, type));
    }

    private static NDArray copy(NDArray borrowed) {
        try (borrowed) {
            return borrowed.duplicate();
        }
    }
}
