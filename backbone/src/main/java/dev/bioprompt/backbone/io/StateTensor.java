package dev.bioprompt.backbone.io;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.SafeTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a checkpoint, held as contiguous row-major little-endian bytes in its stored element type.
 *
 * @param key the state-dict key
 * @param dtype the stored element type
 * @param shape dimensions, outermost first (empty for a 0-d scalar)
 * @param littleEndianData exactly {@code numel * dtype.byteSize()} bytes between position and limit
 */
public record StateTensor(String key, StateDtype dtype, long[] shape, ByteBuffer littleEndianData) {
    public StateTensor {
        requireNonNull(key, "key is null");
        requireNonNull(dtype, "dtype is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(littleEndianData, "littleEndianData is null");
        shape = shape.clone();
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(key + ": negative dimension in shape " + Arrays.toString(shape));
            }
            numel = Math.multiplyExact(numel, d);
        }
        long expected = numel * dtype.byteSize();
        if (littleEndianData.remaining() != expected) {
            throw new IllegalArgumentException(key + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expected + " bytes, got " + littleEndianData.remaining());
        }
        littleEndianData = littleEndianData.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A read-only view of the data, positioned at its start, little-endian. */
    @Override
    public ByteBuffer littleEndianData() {
        return littleEndianData.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements (1 for a 0-d tensor). */
    public int numel() {
        return littleEndianData.remaining() / dtype.byteSize();
    }

    /** The shape as an {@code int} array (every checkpoint dimension fits). */
    public int[] intShape() {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /** The values as float32: F16, BF16 and F64 are converted, integers and booleans are cast. */
    public float[] toFloats() {
        int n = numel();
        float[] out = new float[n];
        ByteBuffer b = littleEndianData();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = SafeTensors.halfToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> {
                long[] longs = toLongs();
                for (int i = 0; i < n; i++) {
                    out[i] = longs[i];
                }
            }
        }
        return out;
    }

    /** The values as longs: integer and boolean types only. */
    public long[] toLongs() {
        int n = numel();
        long[] out = new long[n];
        ByteBuffer b = littleEndianData();
        switch (dtype) {
            case I64 -> b.asLongBuffer().get(out);
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) & 0xff;
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            default -> throw new IllegalStateException(key + " is " + dtype + ", not an integer tensor");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateTensor t && key.equals(t.key) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && littleEndianData.equals(t.littleEndianData);
    }

    @Override
    public int hashCode() {
        return (key.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "StateTensor[" + key + ", " + dtype + Arrays.toString(shape) + "]";
    }
}
