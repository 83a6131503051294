package dev.bioprompt.io;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes files and folders so that they appear complete or not at all, and stay complete after a crash or a power
 * loss. Every write goes the same way: the content is written to a temporary file (or folder) beside the target, its
 * data is forced to disk, it is renamed over the target in one step, and the target's folder is forced to disk so
 * that the rename itself survives a power loss.
 *
 * <p><b>Temporaries.</b> A temporary is named {@value #TEMPORARY_PREFIX}{@code <target name>-<random>} (the target's
 * name shortened to {@value #NAME_CHARS} characters) and lives in the target's folder, or in the temporary folder
 * given, which must be on the same file system. It is deleted whenever a write fails, whatever failed (the writer
 * callback, a full disk, the rename). Only a process that dies mid-write leaves one; {@link #isTemporary} tells the
 * housekeeping that sweeps them on the next start which files are such leftovers.
 *
 * <p><b>Interrupts.</b> A write does not depend on the calling thread's interrupt status: an interrupt closes any
 * {@link java.nio.channels.InterruptibleChannel} the interrupted thread uses, which would break a write that records,
 * from the very thread interrupted to stop it, that a run was killed. The data is written through a
 * {@link FileOutputStream} (not interruptible), renames are not interruptible, and a {@code force} that an interrupt
 * breaks is retried on a new channel; the interrupt status is restored before the method returns. A
 * {@link PathWriter} or a folder writer that opens channels of its own is responsible for its own writes.
 *
 * <p><b>Folders that cannot be forced.</b> Some systems (Windows) refuse to open a folder for reading; forcing the
 * target's folder is then skipped, as nothing else can make the rename durable there. Only that refusal to open is
 * ignored: a failure of the force itself fails the write.
 *
 * <p><b>Errors.</b> A failure is an {@link IOException} whose message names the target, in the form
 * {@code cannot write <target>: <reason>} (for example {@code No space left on device}). Runtime exceptions and
 * errors of a writer callback propagate unchanged, after the temporary is deleted.
 *
 * <p>Paths are of the default file system. A new file or folder gets the permissions a plain write would give it.
 */
public final class AtomicFiles {

    /** The name prefix of every temporary file and folder written here. */
    public static final String TEMPORARY_PREFIX = ".bioprompt-tmp-";

    /** How many characters of the target's name a temporary's name carries. */
    static final int NAME_CHARS = 40;

    private static final int BUFFER = 1 << 16;

    private AtomicFiles() {
    }

    /** Writes a file's content into an output stream. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the content. The stream is buffered; closing it only flushes it.
         *
         * @param out the temporary file's stream
         */
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file, or fills a folder, at a temporary path (for writers that take a path, not a stream). */
    @FunctionalInterface
    public interface PathWriter {
        /**
         * Writes the content.
         *
         * @param temporary an empty file (that the writer may replace) or an empty folder
         */
        void write(Path temporary) throws IOException;
    }

    /** What {@link #writeFolder} does when the target folder already exists. */
    public enum IfExists {
        /** Fail with a {@link FileAlreadyExistsException} naming the target; the writer is not called. */
        FAIL,
        /**
         * Replace it: the old folder is renamed away, the new one renamed into place, and the old one deleted (put
         * back when the new one cannot be moved in).
         */
        REPLACE,
        /**
         * Keep it and write nothing (another writer published the same content first); also when it appears while
         * the new folder is being written.
         */
        KEEP
    }

    /** Whether {@code file} is a temporary of this class, left by a writer that died mid-write when it is old. */
    public static boolean isTemporary(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().startsWith(TEMPORARY_PREFIX);
    }

    /**
     * Replaces {@code target} with {@code content} (its folders are created when missing).
     *
     * @throws IOException naming the target when it cannot be written
     */
    public static void write(Path target, byte[] content) throws IOException {
        requireNonNull(content, "content is null");
        writeStream(target, out -> out.write(content));
    }

    /**
     * {@link #write(Path, byte[])} with the temporary file in {@code temporaryFolder}, for folders whose every file is
     * read by others (an MLflow run's {@code params/} and {@code tags/}).
     *
     * @param temporaryFolder a folder on the target's file system
     */
    public static void write(Path target, byte[] content, Path temporaryFolder) throws IOException {
        requireNonNull(content, "content is null");
        requireNonNull(temporaryFolder, "temporaryFolder is null");
        writeFile(target, temporaryFolder, tmp -> fill(tmp, out -> out.write(content)));
    }

    /** {@link #write(Path, byte[])} of {@code content} in UTF-8. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #write(Path, byte[], Path)} of {@code content} in UTF-8. */
    public static void writeString(Path target, String content, Path temporaryFolder) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), temporaryFolder);
    }

    /**
     * Replaces {@code target} with what {@code writer} writes to a stream.
     *
     * @throws IOException naming the target when the writer or the write fails
     */
    public static void writeStream(Path target, StreamWriter writer) throws IOException {
        requireNonNull(writer, "writer is null");
        writeFile(target, null, tmp -> fill(tmp, writer));
    }

    /**
     * Replaces {@code target} with the file that {@code writer} writes at a temporary path (image and archive
     * writers that take a path).
     *
     * @throws IOException naming the target when the writer or the write fails
     */
    public static void writeFile(Path target, PathWriter writer) throws IOException {
        requireNonNull(writer, "writer is null");
        writeFile(target, null, tmp -> {
            writer.write(tmp);
            force(tmp, false);
        });
    }

    /** Replaces {@code target} with a copy of {@code source}. */
    public static void copy(Path source, Path target) throws IOException {
        requireNonNull(source, "source is null");
        writeFile(target, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    /**
     * {@link #copy(Path, Path)} with the temporary file in {@code temporaryFolder}, as in
     * {@link #write(Path, byte[], Path)}.
     */
    public static void copy(Path source, Path target, Path temporaryFolder) throws IOException {
        requireNonNull(source, "source is null");
        requireNonNull(temporaryFolder, "temporaryFolder is null");
        writeFile(target, temporaryFolder, tmp -> {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            force(tmp, false);
        });
    }

    /**
     * Creates {@code target} with {@code content} unless it exists: the complete file is hard-linked into place, which
     * fails when the target exists, so of several processes exactly one creates it. Where the file system has no hard
     * links the target is created empty and then written (creation stays exclusive, the content appears as written).
     *
     * @return whether this call created the target
     * @throws IOException naming the target when it cannot be written
     */
    public static boolean writeIfAbsent(Path target, byte[] content) throws IOException {
        requireNonNull(content, "content is null");
        Path absolute = absolute(target);
        // the temporary is deleted afterwards in any case: after a hard link it is the file's second name
        return throughTemporary(absolute, absolute.getParent(), false, tmp -> {
            fill(tmp, out -> out.write(content));
            try {
                Files.createLink(absolute, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                return createAndWrite(absolute, content);
            }
        });
    }

    /**
     * Writes a whole folder: {@code writer} fills an empty temporary folder beside the target, every file and folder
     * in it is forced to disk, and it is renamed into place.
     *
     * @param ifExists what to do when the target exists
     * @return whether the folder was written ({@code false} only for {@link IfExists#KEEP} when the target exists)
     * @throws FileAlreadyExistsException for {@link IfExists#FAIL} when the target exists
     * @throws IOException naming the target when the writer or the write fails
     */
    public static boolean writeFolder(Path target, IfExists ifExists, PathWriter writer) throws IOException {
        requireNonNull(ifExists, "ifExists is null");
        requireNonNull(writer, "writer is null");
        Path absolute = absolute(target);
        Path parent = absolute.getParent();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            if (ifExists == IfExists.KEEP) {
                return false;
            }
            if (ifExists == IfExists.FAIL) {
                throw new FileAlreadyExistsException(absolute.toString(), null, "cannot write: it already exists");
            }
        }
        return throughTemporary(absolute, parent, true, tmp -> {
            writer.write(tmp);
            forceTree(tmp);
            return publishFolder(tmp, absolute, ifExists);
        });
    }

    /**
     * Durably renames a complete file (a finished download) over {@code target}: forces its data, renames it and
     * forces the target's folder. The source is not deleted on failure: it is the caller's, to resume or remove.
     *
     * @throws IOException naming the target when the move fails
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        requireNonNull(source, "source is null");
        Path absolute = absolute(target);
        try {
            force(source, false);
            rename(source, absolute);
            force(absolute.getParent(), true);
        } catch (IOException e) {
            throw failure(absolute, source, e);
        }
    }

    /** The temporary file's content, written and forced to disk. */
    private interface Fill {
        void fill(Path tmp) throws IOException;
    }

    /** Fills a new temporary and publishes it at the target; {@code false} when it published nothing. */
    private interface Publish {
        boolean publish(Path tmp) throws IOException;
    }

    private static void writeFile(Path target, Path temporaryFolder, Fill fill) throws IOException {
        Path absolute = absolute(target);
        Path scratch = temporaryFolder == null ? absolute.getParent() : temporaryFolder.toAbsolutePath().normalize();
        throughTemporary(absolute, scratch, false, tmp -> {
            fill.fill(tmp);
            rename(tmp, absolute);
            return true;
        });
    }

    /**
     * The one path of every write: creates the folders and a temporary in {@code scratch}, lets {@code publish} fill
     * it and move it into place, forces the target's folder when something was published, names the target in any
     * failure, and deletes whatever is left of the temporary in every case.
     */
    private static boolean throughTemporary(Path absolute, Path scratch, boolean folder, Publish publish)
            throws IOException {
        Path parent = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            Files.createDirectories(scratch);
            tmp = createTemporary(scratch, absolute, folder);
            boolean published = publish.publish(tmp);
            if (published) {
                force(parent, true);
            }
            return published;
        } catch (IOException e) {
            throw failure(absolute, tmp, e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Writes through a stream that no interrupt can close, then forces the data to disk. */
    private static void fill(Path tmp, StreamWriter writer) throws IOException {
        if (tmp.getFileSystem() != FileSystems.getDefault()) {
            // another file system (an in-memory one with a size limit stands in for a full disk in tests): no
            // java.io.File there, and its streams are not closed by interrupts either
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), BUFFER)) {
                writer.write(new KeepOpen(out));
            }
            return;
        }
        try (FileOutputStream file = new FileOutputStream(tmp.toFile())) {
            OutputStream buffered = new BufferedOutputStream(file, BUFFER);
            writer.write(new KeepOpen(buffered));
            buffered.flush();
            file.getFD().sync();
        }
    }

    /** The no-hard-link fallback of {@link #writeIfAbsent}: an exclusive create, then the content. */
    private static boolean createAndWrite(Path target, byte[] content) throws IOException {
        try {
            Files.createFile(target);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        try (FileOutputStream out = new FileOutputStream(target.toFile())) {
            out.write(content);
            out.getFD().sync();
        }
        return true;
    }

    /** Renames the built folder into place; {@code false} when an existing target is kept instead. */
    private static boolean publishFolder(Path tmp, Path target, IfExists ifExists) throws IOException {
        Path previous = null;
        if (ifExists == IfExists.REPLACE && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            previous = temporaryName(target.getParent(), target);
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            if (previous != null) {
                try {
                    Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
                throw e;
            }
            if (ifExists == IfExists.KEEP && Files.isDirectory(target)) {
                return false;
            }
            throw e;
        }
        if (previous != null) {
            deleteQuietly(previous); // the new folder is in place: a failure here must not undo the write
        }
        return true;
    }

    private static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces every file and folder under {@code root} to disk, the folders after what they hold. */
    private static void forceTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                force(p, false);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                force(p, true);
            }
        }
    }

    /**
     * Forces a file's data, or a folder's entries, to disk. An interrupt that closes the channel is cleared and the
     * force retried on a new channel; the interrupt status is restored afterwards. A folder the system refuses to
     * open (Windows) is skipped; nothing else is ignored.
     */
    private static void force(Path path, boolean folder) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                FileChannel channel;
                try {
                    channel = FileChannel.open(path, folder ? StandardOpenOption.READ : StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    throw e;
                } catch (IOException e) {
                    if (folder) {
                        return; // the system does not open folders: there is no way to force one
                    }
                    throw e;
                }
                try (channel) {
                    channel.force(true);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path absolute(Path target) {
        Path absolute = requireNonNull(target, "target is null").toAbsolutePath().normalize();
        if (absolute.getParent() == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException("cannot write " + absolute + ": not a file in a folder");
        }
        return absolute;
    }

    private static Path createTemporary(Path folder, Path target, boolean directory) throws IOException {
        while (true) {
            Path tmp = temporaryName(folder, target);
            try {
                return directory ? Files.createDirectory(tmp) : Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // a random name taken: draw another
            }
        }
    }

    /**
     * Whether {@code file} may be a temporary of a write to {@code target} (one whose name starts like the target's,
     * shortened as temporaries are); a writer that holds the only right to write {@code target} can delete such
     * leftovers.
     */
    public static boolean isTemporaryOf(Path file, Path target) {
        Path name = file.getFileName();
        return name != null && name.toString().startsWith(TEMPORARY_PREFIX + shortName(target) + "-");
    }

    private static String shortName(Path target) {
        String name = target.getFileName().toString();
        if (name.codePointCount(0, name.length()) > NAME_CHARS) {
            name = name.substring(0, name.offsetByCodePoints(0, NAME_CHARS));
        }
        return name;
    }

    /** {@value #TEMPORARY_PREFIX}, the target's name (shortened), a random suffix. */
    static Path temporaryName(Path folder, Path target) {
        String name = shortName(target);
        String random = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        return folder.resolve(TEMPORARY_PREFIX + name + "-" + random);
    }

    /** The failure as an {@link IOException} naming the target, with the reason of the underlying failure. */
    private static IOException failure(Path target, Path tmp, IOException e) {
        return new IOException("cannot write " + target + ": " + reason(e, target, tmp), e);
    }

    private static String reason(IOException e, Path target, Path tmp) {
        if (e instanceof FileSystemException f) {
            String file = f.getFile();
            boolean ours = file == null || file.equals(target.toString()) || file.equals(target.getParent().toString())
                    || (tmp != null && file.equals(tmp.toString()));
            if (ours && f.getReason() != null && f.getOtherFile() == null) {
                return f.getReason();
            }
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Deletes a temporary file or folder (nothing when it was renamed away); a failure is left to the sweeping. */
    private static void deleteQuietly(Path tmp) {
        try {
            FileTrees.delete(tmp);
        } catch (IOException e) {
            // the write's own outcome matters more; a temporary left here is swept on the next start
        }
    }

    /** The callback's view of the stream: closing it flushes, so the write can still force and close the file. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
