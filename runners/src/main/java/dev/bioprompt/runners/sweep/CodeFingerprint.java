package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A digest of the code a sweep's cells run: every jar and class folder of the class path (with the jars their
 * manifests' {@code Class-Path} names) and the method plugins' jars.
 *
 * <p>A jar counts by the names, sizes and CRC-32s of its entries, read from its central directory, so rebuilding the
 * same sources gives the same digest (Maven writes no build time into a jar) while a changed class, resource or
 * library gives another. A class folder counts by the paths and bytes of its files. Where the code lies does not
 * count: the same build in another folder has the same digest. Results are cached per file for the life of the
 * process (jars by size and modification time).
 */
public final class CodeFingerprint {

    private static final Map<Path, CachedDigest> JARS = new ConcurrentHashMap<>();

    private CodeFingerprint() {
    }

    /** The digest (64 hex digits) of the running class path and {@code extra} code locations (jars or folders). */
    public static String ofClassPathAnd(Collection<Path> extra) {
        requireNonNull(extra, "extra is null");
        Set<Path> locations = new LinkedHashSet<>(classPath());
        for (Path path : extra) {
            locations.add(path.toAbsolutePath().normalize());
        }
        return of(locations);
    }

    /**
     * The digest of code locations, in the order given; a location that does not exist counts as absent.
     *
     * @throws UncheckedIOException naming a jar or folder that cannot be read
     */
    public static String of(Collection<Path> locations) {
        MessageDigest digest = sha256();
        for (Path location : locations) {
            digest.update(digestOf(location));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of a text that names code (a container image reference, for example). */
    public static String ofText(String text) {
        requireNonNull(text, "text is null");
        return SweepExpander.sha256(text);
    }

    /**
     * The entries of {@code java.class.path}, with the jars and folders their manifests name (as
     * {@link #withManifestClassPaths} expands them).
     */
    public static List<Path> classPath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry));
            }
        }
        return withManifestClassPaths(entries);
    }

    /**
     * The entries, each jar followed by the jars and folders its manifest's {@code Class-Path} names (relative to the
     * jar's folder, or {@code file:} URLs, as {@code java -jar} and Surefire's manifest-only jar load them), absolute
     * and without repeats.
     */
    static List<Path> withManifestClassPaths(List<Path> entries) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path entry : entries) {
            addWithManifestClassPath(entry.toAbsolutePath().normalize(), out);
        }
        return List.copyOf(out);
    }

    private static void addWithManifestClassPath(Path location, Set<Path> out) {
        if (!out.add(location) || !Files.isRegularFile(location)) {
            return;
        }
        String classPath;
        try (JarFile jar = new JarFile(location.toFile())) {
            Manifest manifest = jar.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException e) {
            return; // not a jar: it counts by its bytes
        }
        if (classPath == null) {
            return;
        }
        URI base = location.getParent().toUri();
        for (String reference : classPath.trim().split("\\s+")) {
            if (reference.isEmpty()) {
                continue;
            }
            try {
                URI resolved = base.resolve(new URI(reference));
                if ("file".equals(resolved.getScheme())) {
                    addWithManifestClassPath(Path.of(resolved).toAbsolutePath().normalize(), out);
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // an entry the JVM cannot load either
            }
        }
    }

    private static byte[] digestOf(Path location) {
        try {
            if (Files.isDirectory(location)) {
                return folderDigest(location);
            }
            if (!Files.isRegularFile(location)) {
                return sha256().digest("absent".getBytes(StandardCharsets.UTF_8));
            }
            BasicFileAttributes attributes = Files.readAttributes(location, BasicFileAttributes.class);
            CachedDigest cached = JARS.get(location);
            if (cached != null && cached.size() == attributes.size()
                    && cached.modified() == attributes.lastModifiedTime().toMillis()) {
                return cached.digest();
            }
            byte[] digest = fileDigest(location);
            JARS.put(location, new CachedDigest(attributes.size(), attributes.lastModifiedTime().toMillis(), digest));
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code at " + location + " for the sweep's code digest: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] fileDigest(Path file) throws IOException {
        MessageDigest digest = sha256();
        List<? extends ZipEntry> entries;
        try (ZipFile jar = new ZipFile(file.toFile())) {
            entries = jar.stream().filter(e -> !e.isDirectory()).sorted(Comparator.comparing(ZipEntry::getName))
                    .toList();
        } catch (IOException e) {
            digest.update(Files.readAllBytes(file)); // a class path file that is not a jar
            return digest.digest();
        }
        for (ZipEntry entry : entries) {
            digest.update((entry.getName() + "\0" + entry.getSize() + "\0" + entry.getCrc() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return digest.digest();
    }

    private static byte[] folderDigest(Path folder) throws IOException {
        List<String> names;
        try (Stream<Path> walk = Files.walk(folder)) {
            names = walk.filter(Files::isRegularFile)
                    .map(f -> folder.relativize(f).toString().replace(File.separatorChar, '/')).sorted().toList();
        }
        MessageDigest digest = sha256();
        for (String name : names) {
            digest.update((name + "\0").getBytes(StandardCharsets.UTF_8));
            digest.update(sha256().digest(Files.readAllBytes(folder.resolve(name))));
        }
        return digest.digest();
    }

    /** A new SHA-256 digest (shared with {@link InputFingerprint}). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record CachedDigest(long size, long modified, byte[] digest) {
    }
}
