package dev.bioprompt.api.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a Java number that is safe under autograd. Use these instead of DJL's
 * {@code NDArray} overloads that take a {@link Number} ({@code mul(Number)}, {@code div(Number)}...).
 *
 * <p>Why: on the PyTorch engine, {@code x.mul(2f)} wraps the number in a tensor whose memory is a Java direct buffer
 * and closes that tensor as soon as the operation returns. Autograd keeps the tensor for the backward pass
 * ({@code mul}, {@code div}, {@code pow}, {@code maximum} and {@code minimum} save their operands), but after the close
 * nothing keeps the Java buffer alive, so the garbage collector may free it before {@code backward} reads it: the
 * gradient is then computed from freed memory (wrong or non-finite values, and heap corruption when the memory has
 * been reused). The scalars made here live in PyTorch-owned memory, which autograd reference-counts, so closing
 * them early is safe. A build test forbids the {@code Number} overloads in the project's classes.
 */
public final class ScalarOps {

    private ScalarOps() {
    }

    /**
     * A 0-dimensional array holding {@code value} in PyTorch-owned memory, with {@code like}'s data type and device,
     * attached to {@code like}'s manager.
     */
    public static NDArray scalar(NDArray like, double value) {
        NDArray scalar = like.getManager().full(new Shape(), (float) value, like.getDataType());
        if (!scalar.getDevice().equals(like.getDevice())) {
            NDArray moved = scalar.toDevice(like.getDevice(), false);
            scalar.close();
            return moved;
        }
        return scalar;
    }

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, double value) {
        return with(x, value, NDArray::mul);
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, double value) {
        return with(x, value, NDArray::div);
    }

    /** {@code x + value}. */
    public static NDArray add(NDArray x, double value) {
        return with(x, value, NDArray::add);
    }

    /** {@code x - value}. */
    public static NDArray sub(NDArray x, double value) {
        return with(x, value, NDArray::sub);
    }

    /** {@code value - x}. */
    public static NDArray rsub(double value, NDArray x) {
        return with(x, value, (array, scalar) -> scalar.sub(array));
    }

    /** {@code x ^ value}. */
    public static NDArray pow(NDArray x, double value) {
        return with(x, value, NDArray::pow);
    }

    /** Element-wise {@code max(x, value)}. */
    public static NDArray maximum(NDArray x, double value) {
        return with(x, value, NDArray::maximum);
    }

    /** Element-wise {@code min(x, value)}. */
    public static NDArray minimum(NDArray x, double value) {
        return with(x, value, NDArray::minimum);
    }

    /** {@code x *= value}, in place; returns {@code x}. */
    public static NDArray muli(NDArray x, double value) {
        return with(x, value, NDArray::muli);
    }

    /** {@code x += value}, in place; returns {@code x}. */
    public static NDArray addi(NDArray x, double value) {
        return with(x, value, NDArray::addi);
    }

    /** Applies {@code op(x, scalar)} and closes the scalar, which autograd keeps alive on its own if it needs it. */
    private static NDArray with(NDArray x, double value, BinaryOperator<NDArray> op) {
        try (NDArray scalar = scalar(x, value)) {
            return op.apply(x, scalar);
        }
    }
}
