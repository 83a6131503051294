package dev.bioprompt.data.npz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a {@code .npy} array (versions 1.0, 2.0, 3.0).
 *
 * @param dtype element type
 * @param shape dimensions, C order
 */
public record NpyHeader(NpyDType dtype, long[] shape) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Number of elements. */
    public long count() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Reads the header, leaving the stream at the first data byte.
     *
     * @param name the file (and key) for messages
     * @throws IOException naming {@code name}: bad magic, unsupported version or dtype, Fortran order, bad shape
     */
    public static NpyHeader read(String name, InputStream in) throws IOException {
        byte[] magic = readFully(in, 8, name);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IOException(name + ": not a .npy array (bad magic; expected \\x93NUMPY)");
            }
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] len = readFully(in, 2, name);
            headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] len = readFully(in, 4, name);
            headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8 | (len[2] & 0xff) << 16 | (len[3] & 0xff) << 24;
        } else {
            throw new IOException(name + ": unsupported .npy version " + major + "." + magic[7] + " (expected 1, 2 or 3)");
        }
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new IOException(name + ": implausible .npy header length " + headerLength);
        }
        String header = new String(readFully(in, headerLength, name),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IOException(name + ": .npy header lacks descr, fortran_order or shape: " + header.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(name + ": Fortran-ordered arrays are not supported (expected C order; "
                    + "re-save with numpy.ascontiguousarray)");
        }
        NpyDType dtype;
        try {
            dtype = NpyDType.fromDescr(descr.group(1), name);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                try {
                    long d = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                    if (d < 0) {
                        throw new NumberFormatException("negative");
                    }
                    dims.add(d);
                } catch (NumberFormatException e) {
                    throw new IOException(name + ": bad shape in .npy header: (" + shape.group(1) + ")", e);
                }
            }
        }
        return new NpyHeader(dtype, dims.stream().mapToLong(Long::longValue).toArray());
    }

    static byte[] readFully(InputStream in, int n, String name) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new EOFException(name + ": truncated .npy data (expected " + n + " bytes, got " + off + ")");
            }
            off += r;
        }
        return buf;
    }
}
