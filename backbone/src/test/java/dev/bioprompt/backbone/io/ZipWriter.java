package dev.bioprompt.backbone.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip files byte by byte, so that tests control what a hostile file may lie about: the declared size, the
 * compressed data, a repeated deflate block that inflates to far more than the file holds.
 */
final class ZipWriter {

    private record Entry(String name, int method, long crc, long compressed, long declared, long offset) {
    }

    private final OutputStream out;
    private final List<Entry> entries = new ArrayList<>();
    private long written;

    private ZipWriter(OutputStream out) {
        this.out = out;
    }

    /** In memory: a torch-style archive with {@code data.pkl} and stored storages {@code data/<key>}. */
    static byte[] torchArchive(byte[] pickle, Object... keysAndBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ZipWriter z = new ZipWriter(bytes);
            z.stored("archive/data.pkl", pickle);
            for (int i = 0; i < keysAndBytes.length; i += 2) {
                z.stored("archive/data/" + keysAndBytes[i], (byte[]) keysAndBytes[i + 1]);
            }
            z.finish();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static ZipWriter to(OutputStream out) {
        return new ZipWriter(out);
    }

    void stored(String name, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        entry(name, 0, crc.getValue(), data.length, data);
    }

    /**
     * A deflated entry whose data is {@code copies} copies of {@code unit} (each compressed independently, so the
     * compressed block can be repeated), declaring {@code declared} bytes.
     */
    void deflatedRepeat(String name, byte[] unit, int copies, long declared) throws IOException {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(unit);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0) {
            block.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        deflater.finish();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        while (!deflater.finished()) {
            tail.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        for (int i = 0; i < copies; i++) {
            crc.update(unit);
        }
        byte[][] parts = {block.toByteArray(), tail.toByteArray()};
        long compressed = (long) parts[0].length * copies + parts[1].length;
        long offset = written;
        writeLocal(name, 8, crc.getValue(), compressed, declared);
        for (int i = 0; i < copies; i++) {
            write(parts[0]);
        }
        write(parts[1]);
        entries.add(new Entry(name, 8, crc.getValue(), compressed, declared, offset));
    }

    private void entry(String name, int method, long crc, long declared, byte[] data) throws IOException {
        long offset = written;
        writeLocal(name, method, crc, data.length, declared);
        write(data);
        entries.add(new Entry(name, method, crc, data.length, declared, offset));
    }

    private void writeLocal(String name, int method, long crc, long compressed, long declared) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer h = le(30 + n.length);
        h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) method).putInt(0)
                .putInt((int) crc).putInt((int) compressed).putInt((int) declared).putShort((short) n.length)
                .putShort((short) 0).put(n);
        write(h.array());
    }

    void finish() throws IOException {
        long start = written;
        for (Entry e : entries) {
            byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer c = le(46 + n.length);
            c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) e.method()).putInt(0).putInt((int) e.crc()).putInt((int) e.compressed())
                    .putInt((int) e.declared()).putShort((short) n.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) e.offset()).put(n);
            write(c.array());
        }
        long size = written - start;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt((int) size).putInt((int) start).putShort((short) 0);
        write(end.array());
        out.flush();
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
