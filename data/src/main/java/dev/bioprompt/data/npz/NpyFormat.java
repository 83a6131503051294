package dev.bioprompt.data.npz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the NumPy {@code .npy} format (versions 1.0, 2.0 and 3.0; C order only).
 */
public final class NpyFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyFormat() {
    }

    /**
     * Reads one array.
     *
     * @param name the file (and key) for messages
     * @throws IOException naming {@code name} and what was wrong
     */
    public static NpyArray read(String name, InputStream in) throws IOException {
        NpyHeader header = NpyHeader.read(name, in);
        NpyDType dtype = header.dtype();
        long[] dimArray = header.shape();
        long count = header.count();
        long bytes = Math.multiplyExact(count, (long) dtype.size());
        int nChunks = (int) Math.max(1, (bytes + NpyArray.CHUNK - 1) / NpyArray.CHUNK);
        byte[][] chunks = new byte[nChunks][];
        long left = bytes;
        for (int c = 0; c < nChunks; c++) {
            int n = (int) Math.min(left, NpyArray.CHUNK);
            chunks[c] = NpyHeader.readFully(in, n, name);
            left -= n;
        }
        return new NpyArray(name, dtype, dimArray, chunks);
    }

    /** Writes one array as {@code .npy} version 1.0 with a 64-byte aligned header, as NumPy does. */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        long[] dims = array.shape();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]);
            if (i < dims.length - 1 || dims.length == 1) {
                shape.append(',');
            }
            if (i < dims.length - 1) {
                shape.append(' ');
            }
        }
        shape.append(')');
        String dict = "{'descr': '" + array.dtype().descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        int len = header.length();
        head.write(len & 0xff);
        head.write((len >>> 8) & 0xff);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        long bytes = array.size() * array.dtype().size();
        byte[] buffer = new byte[1 << 20];
        for (long pos = 0; pos < bytes; pos += buffer.length) {
            int n = (int) Math.min(buffer.length, bytes - pos);
            array.copyBytes(pos, buffer, 0, n);
            out.write(buffer, 0, n);
        }
    }
}
