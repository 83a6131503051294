package dev.bioprompt.registry;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes a {@link FolderObjectStore} may still write: unlimited in production; tests inject a small quota to
 * stand in for a full disk without mounting a file system (a write past it fails as {@code ENOSPC} does).
 */
public final class WriteQuota {

    /** No limit. */
    public static final WriteQuota UNLIMITED = new WriteQuota(Long.MAX_VALUE);

    private final AtomicLong remaining;

    private WriteQuota(long bytes) {
        this.remaining = new AtomicLong(bytes);
    }

    /** A quota of {@code bytes}. */
    public static WriteQuota of(long bytes) {
        return new WriteQuota(bytes);
    }

    /** Gives {@code bytes} back (space freed). */
    public void free(long bytes) {
        remaining.addAndGet(bytes);
    }

    void reserve(Path target, long bytes) throws IOException {
        if (this == UNLIMITED) {
            return;
        }
        long left = remaining.addAndGet(-bytes);
        if (left < 0) {
            remaining.addAndGet(bytes);
            throw new FileSystemException(target.toString(), null, "No space left on device");
        }
    }
}
