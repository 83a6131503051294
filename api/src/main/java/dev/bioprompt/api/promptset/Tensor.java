package dev.bioprompt.api.promptset;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A dense float32 tensor held in Java memory: the portable form of learned prompt tensors, independent of any engine.
 *
 * @param shape dimensions, outermost first (empty for a scalar)
 * @param data row-major values; {@code data.length} equals the product of {@code shape}
 */
public record Tensor(long[] shape, float[] data) {
    public Tensor {
        requireNonNull(shape, "shape is null");
        requireNonNull(data, "data is null");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
