package dev.bioprompt.data.npz;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A C-ordered n-dimensional array read from a {@code .npy} file. The raw little-endian bytes are held in chunks so
 * that arrays above 2 GiB (MedMNIST+ at 224 px) fit.
 */
public final class NpyArray {

    static final int CHUNK = 1 << 30;

    private final String name;
    private final NpyDType dtype;
    private final long[] shape;
    private final byte[][] chunks;

    NpyArray(String name, NpyDType dtype, long[] shape, byte[][] chunks) {
        this.name = requireNonNull(name, "name is null");
        this.dtype = requireNonNull(dtype, "dtype is null");
        this.shape = shape.clone();
        this.chunks = requireNonNull(chunks, "chunks is null");
    }

    /** Builds an array from uint8 values (C order). */
    public static NpyArray ofUInt8(String name, long[] shape, byte[] values) {
        check(shape, values.length);
        return new NpyArray(name, NpyDType.UINT8, shape, new byte[][] {values.clone()});
    }

    /** Builds an int64 array (C order). */
    public static NpyArray ofInt64(String name, long[] shape, long[] values) {
        check(shape, values.length);
        byte[] bytes = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 8; b++) {
                bytes[i * 8 + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return new NpyArray(name, NpyDType.INT64, shape, new byte[][] {bytes});
    }

    private static void check(long[] shape, long count) {
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + count + " values");
        }
    }

    /** What the array is (file and key), for messages. */
    public String name() {
        return name;
    }

    /** The element type. */
    public NpyDType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The raw bytes from {@code offset} into {@code dst}. */
    public void copyBytes(long offset, byte[] dst, int dstOffset, int length) {
        long pos = offset;
        int done = 0;
        while (done < length) {
            int chunk = (int) (pos / CHUNK);
            int within = (int) (pos % CHUNK);
            int n = Math.min(length - done, CHUNK - within);
            System.arraycopy(chunks[chunk], within, dst, dstOffset + done, n);
            done += n;
            pos += n;
        }
    }

    private byte byteAt(long offset) {
        return chunks[(int) (offset / CHUNK)][(int) (offset % CHUNK)];
    }

    /** The element at a flat index as a long (uint8 is read unsigned). */
    public long getLong(long index) {
        long off = index * dtype.size();
        return switch (dtype) {
            case UINT8 -> byteAt(off) & 0xff;
            case INT32 -> {
                int v = 0;
                for (int b = 0; b < 4; b++) {
                    v |= (byteAt(off + b) & 0xff) << (8 * b);
                }
                yield v;
            }
            case INT64 -> {
                long v = 0;
                for (int b = 0; b < 8; b++) {
                    v |= (long) (byteAt(off + b) & 0xff) << (8 * b);
                }
                yield v;
            }
        };
    }

    /** All elements as longs (for label arrays). */
    public long[] toLongArray() {
        long n = size();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException(name + ": too many elements for a long[]: " + n);
        }
        long[] out = new long[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** Raw little-endian bytes of the whole array, for arrays under 2 GiB. */
    public byte[] rawBytes() {
        long n = size() * dtype.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(name + ": too large for one byte[]: " + n + " bytes");
        }
        byte[] out = new byte[(int) n];
        copyBytes(0, out, 0, out.length);
        return out;
    }
}
