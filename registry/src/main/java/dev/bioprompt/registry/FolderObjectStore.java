package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} over a local folder: a key is a relative path. Content is written durably to a hidden
 * temporary file and then moved (plain writes) or hard-linked (create-only writes, atomic through {@code link(2)})
 * into place by {@link AtomicFiles}, so readers never see a half-written object. Names starting with {@code .} are
 * never listed.
 */
public final class FolderObjectStore implements ObjectStore {

    private final Path root;
    private final WriteQuota quota;

    /** @param root the folder (created when missing on the first write) */
    public FolderObjectStore(Path root) {
        this(root, WriteQuota.UNLIMITED);
    }

    /**
     * @param root the folder
     * @param quota how many bytes may still be written (tests stand in a full disk with it)
     */
    public FolderObjectStore(Path root, WriteQuota quota) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.quota = requireNonNull(quota, "quota is null");
    }

    /**
     * Removes temporary files ({@code .bioprompt-tmp-*}, and {@code .FILE.tmp-*} of earlier versions) older than a
     * minute, left by a writer that died mid-write.
     *
     * @return how many were removed
     */
    public int sweepTemporaryFiles() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long cutoff = System.currentTimeMillis() - 60_000;
        int removed = 0;
        try (Stream<Path> walk = Files.walk(root, 5)) {
            for (Path p : walk.filter(f -> AtomicFiles.isTemporary(f) || f.getFileName().toString().startsWith(".")
                    && f.getFileName().toString().contains(".tmp-")).toList()) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff && Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (IOException e) {
                    // swept by another process
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // housekeeping only
        }
        return removed;
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    /** The file of a key. */
    public Path path(String key) {
        requireNonNull(key, "key is null");
        for (String segment : key.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("invalid registry key '" + key + "': '.' and '..' are not allowed");
            }
        }
        return root.resolve(key);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = path(key);
        reserve(target, bytes);
        AtomicFiles.write(target, bytes);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
        Path target = path(key);
        reserve(target, bytes);
        return AtomicFiles.writeIfAbsent(target, bytes);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path file = path(key);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read registry file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> listKeys(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : path(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        TreeSet<String> keys = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    String key = root.relativize(p).toString().replace('\\', '/');
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // a folder vanished while walking (a temporary file): the listing is still valid
        }
        return new ArrayList<>(keys);
    }

    @Override
    public List<String> listChildren(String prefix) throws IOException {
        Path dir = prefix.isEmpty() ? root : path(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1)
                : prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        TreeSet<String> children = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(children::add);
        }
        return new ArrayList<>(children);
    }

    @Override
    public String locate(String key) {
        return path(key).toString();
    }

    @Override
    public String uri(String key) {
        String uri = path(key).toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri; // the same whether or not it exists yet
    }

    /** Takes the bytes from the quota (a full disk in tests); the file itself is written by {@link AtomicFiles}. */
    private void reserve(Path target, byte[] bytes) throws IOException {
        try {
            quota.reserve(target, bytes.length);
        } catch (IOException e) {
            throw new IOException("cannot write registry file " + target + " (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
    }
}
