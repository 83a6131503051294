package dev.bioprompt.data.npz;

import dev.bioprompt.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads and writes NumPy {@code .npz} archives (a zip of {@code <key>.npy} entries, stored or deflated). */
public final class NpzFile implements AutoCloseable {

    /** Fixed entry time so that written archives are byte-identical for the same content. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Path path;
    private final ZipFile zip;

    private NpzFile(Path path, ZipFile zip) {
        this.path = path;
        this.zip = zip;
    }

    /**
     * Opens an archive.
     *
     * @throws IOException naming the file when it is missing or not a zip
     */
    public static NpzFile open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, ".npz file not found");
        }
        try {
            return new NpzFile(path, new ZipFile(path.toFile()));
        } catch (ZipException e) {
            throw new IOException(path + ": not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
    }

    /** The keys (entry names without {@code .npy}), in archive order. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        Collections.list(zip.entries()).forEach(e -> {
            String n = e.getName();
            keys.add(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n);
        });
        return keys;
    }

    /**
     * Reads one array.
     *
     * @throws IOException naming the file and key when the key is missing or the array is malformed
     */
    public NpyArray read(String key) throws IOException {
        ZipEntry entry = zip.getEntry(key + ".npy");
        if (entry == null) {
            entry = zip.getEntry(key);
        }
        if (entry == null) {
            throw new IOException(path + ": missing key '" + key + "' (found " + keys() + ")");
        }
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
            return NpyFormat.read(path + "#" + key, in);
        } catch (ZipException e) {
            throw new IOException(path + "#" + key + ": corrupt archive entry: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /**
     * Writes an archive with the arrays in map order, deflated, with fixed entry times. The file appears
     * atomically: on failure nothing is left at {@code path}.
     */
    public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
        AtomicFiles.writeStream(path, out -> {
            try (ZipOutputStream zipOut = new ZipOutputStream(out)) {
                for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                    entry.setTimeLocal(FIXED_TIME);
                    zipOut.putNextEntry(entry);
                    NpyFormat.write(e.getValue(), zipOut);
                    zipOut.closeEntry();
                }
            }
        });
    }
}
