package dev.bioprompt.data.npz;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;

/** An array of an {@code .npz} archive read on first use, once, and then kept. Thread-safe. */
public final class LazyArray {

    private final Path file;
    private final String key;
    private volatile NpyArray value;

    /** A lazily read array {@code key} of {@code file}. */
    public LazyArray(Path file, String key) {
        this.file = requireNonNull(file, "file is null");
        this.key = requireNonNull(key, "key is null");
    }

    /**
     * The array, reading it on the first call.
     *
     * @throws IOException naming the file and key
     */
    public NpyArray get() throws IOException {
        NpyArray v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    try (NpzFile npz = NpzFile.open(file)) {
                        v = npz.read(key);
                    }
                    value = v;
                }
            }
        }
        return v;
    }
}
