package dev.bioprompt.data.fetch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a zip archive into an empty folder, refusing anything that could write outside it or exhaust the disk:
 * absolute names, drive letters, backslashes, {@code ..} segments, symbolic links (Unix mode in the central
 * directory), more than {@code maxEntries} entries, more than {@code maxBytes} bytes in total (counted while
 * writing, not trusted from the headers). On any refusal or error nothing is left in the target.
 *
 * @param maxEntries the most entries (files and folders) accepted
 * @param maxBytes the most uncompressed bytes accepted
 */
public record SafeZipExtractor(long maxEntries, long maxBytes) {

    /** Limits that fit BiomedCoOp's largest archives (OCTMNIST: about 110 000 images) with a wide margin. */
    public static final SafeZipExtractor DEFAULT = new SafeZipExtractor(2_000_000, 200L << 30);

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int UNIX_HOST = 3;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFLNK = 0xA000;

    public SafeZipExtractor {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive, were " + maxEntries + " entries and "
                    + maxBytes + " bytes");
        }
    }

    /**
     * Extracts {@code zip} into {@code target}, which must not exist yet (it is created).
     *
     * @return the number of files written
     * @throws IOException naming the archive and the offending entry
     */
    public long extract(Path zip, Path target) throws IOException {
        requireNonNull(zip, "zip is null");
        requireNonNull(target, "target is null");
        if (Files.exists(target)) {
            throw new IOException(target + " already exists; extraction needs a new folder");
        }
        Set<String> links = symbolicLinks(zip);
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try {
            return extractChecked(zip, root, links);
        } catch (IOException | RuntimeException e) {
            DatasetFiles.deleteTree(root);
            throw e;
        }
    }

    private long extractChecked(Path zip, Path root, Set<String> links) throws IOException {
        long entries = 0;
        long bytes = 0;
        long files = 0;
        byte[] buffer = new byte[1 << 16];
        try (ZipFile archive = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> it = archive.entries();
            while (it.hasMoreElements()) {
                ZipEntry entry = it.nextElement();
                if (++entries > maxEntries) {
                    throw new IOException(zip + ": more than " + maxEntries + " entries; refused");
                }
                String name = entry.getName();
                if (links.contains(name)) {
                    throw new IOException(zip + ": entry '" + name + "' is a symbolic link; refused");
                }
                Path out = resolve(zip, root, name);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = archive.getInputStream(entry);
                     OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        bytes += n;
                        if (bytes > maxBytes) {
                            throw new IOException(zip + ": more than " + maxBytes + " bytes uncompressed (at entry '"
                                    + name + "'); refused");
                        }
                        o.write(buffer, 0, n);
                    }
                }
                files++;
            }
        } catch (ZipException e) {
            throw new IOException(zip + ": not a readable zip archive: " + e.getMessage(), e);
        }
        return files;
    }

    /** The path an entry extracts to, or an error when the name could leave the target folder. */
    static Path resolve(Path zip, Path root, String name) throws IOException {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() >= 2 && name.charAt(1) == ':')) {
            throw new IOException(zip + ": entry '" + name + "' has an absolute or unsafe name; refused");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new IOException(zip + ": entry '" + name + "' escapes the target folder (..); refused");
            }
        }
        Path out = root.resolve(name).normalize();
        if (!out.startsWith(root) || out.equals(root) && !name.endsWith("/")) {
            throw new IOException(zip + ": entry '" + name + "' escapes the target folder; refused");
        }
        return out;
    }

    /** Names of the entries whose central-directory record marks a Unix symbolic link. */
    static Set<String> symbolicLinks(Path zip) throws IOException {
        Set<String> out = new HashSet<>();
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 65_557);
            ByteBuffer end = read(ch, size - tail, tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (end.getInt(i) == EOCD) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException(zip + ": not a zip archive (no end of central directory)");
            }
            long count = Short.toUnsignedLong(end.getShort(eocd + 10));
            long cdSize = Integer.toUnsignedLong(end.getInt(eocd + 12));
            long cdOffset = Integer.toUnsignedLong(end.getInt(eocd + 16));
            if ((count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) && eocd >= 20
                    && end.getInt(eocd - 20) == ZIP64_LOCATOR) {
                long z64 = end.getLong(eocd - 20 + 8);
                ByteBuffer rec = read(ch, z64, 56);
                if (rec.getInt(0) != ZIP64_EOCD) {
                    throw new IOException(zip + ": broken zip64 end of central directory");
                }
                count = rec.getLong(32);
                cdSize = rec.getLong(40);
                cdOffset = rec.getLong(48);
            }
            if (cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE) {
                throw new IOException(zip + ": central directory outside the file");
            }
            ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
            int p = 0;
            for (long i = 0; i < count; i++) {
                if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL) {
                    throw new IOException(zip + ": broken central directory at entry " + i);
                }
                int madeBy = Short.toUnsignedInt(cd.getShort(p + 4));
                int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
                int extraLength = Short.toUnsignedInt(cd.getShort(p + 30));
                int commentLength = Short.toUnsignedInt(cd.getShort(p + 32));
                int external = cd.getInt(p + 38);
                if (p + 46 + nameLength > cd.limit()) {
                    throw new IOException(zip + ": broken central directory at entry " + i);
                }
                byte[] name = new byte[nameLength];
                cd.get(p + 46, name);
                if ((madeBy >> 8) == UNIX_HOST && ((external >>> 16) & S_IFMT) == S_IFLNK) {
                    out.add(new String(name, StandardCharsets.UTF_8));
                }
                p += 46 + nameLength + extraLength + commentLength;
            }
        }
        return out;
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (at + b.position()));
            }
        }
        b.flip();
        return b;
    }
}
