package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetDigest;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code NAME@ALIAS} or {@code NAME@VERSION} for serving, through a local cache folder keyed by the prompt-set
 * digest ({@code CACHE/sha256-HEX/}). The reference is resolved against the registry on every call, to a verified
 * version record (for an alias, the alias record's digest must equal the version's); the cached files are then checked
 * byte for byte against that record on every use. A cached copy that differs (damaged, or poisoned by someone with
 * write access to the cache) is reported with the file and both digests, discarded and fetched again from the
 * registry, where every byte is verified the same way. Since the folder name is the digest, a cache shared by several
 * registries never hands out a copy that differs from what the registry recorded.
 */
public final class PromptSetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PromptSetLoader.class);

    private final StoredPromptSetRegistry registry;
    private final Path cacheDir;

    /**
     * @param registry where prompt sets are published
     * @param cacheDir the local cache folder (created when needed)
     */
    public PromptSetLoader(StoredPromptSetRegistry registry, Path cacheDir) {
        this.registry = requireNonNull(registry, "registry is null");
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null").toAbsolutePath();
    }

    /** Parses and loads {@code NAME@ALIAS} or {@code NAME@VERSION}. */
    public LoadedPromptSet load(String reference) throws IOException {
        return load(PromptSetRef.parse(reference));
    }

    /**
     * Resolves and loads a reference.
     *
     * @throws IOException when the alias is unset, the version missing or unpublished, or any byte in the registry
     *     differs from the version record (naming the file and both digests)
     */
    public LoadedPromptSet load(PromptSetRef ref) throws IOException {
        VersionRecord record = registry.resolveRecord(ref);
        Path dir = cachedFolder(record.digest());
        if (Files.isDirectory(dir)) {
            try {
                Map<String, byte[]> files = read(dir, record);
                PromptSetDigest.verify(record.digest(), record.files(), files, "cached copy " + dir,
                        "the registry's version record of " + ref.name() + "@" + record.version());
                return new LoadedPromptSet(ref.name(), record.version(), parse(files, dir.toString()), true);
            } catch (IOException e) {
                LOG.warn("discarding the cached copy of {}@{}: {}", ref.name(), record.version(), e.getMessage());
                evict(dir);
            }
        }
        Map<String, byte[]> files = registry.files(record);
        PromptSet promptSet = parse(files, record.uri());
        try {
            store(dir, files);
        } catch (IOException e) {
            LOG.warn("cannot cache {}@{} in {}: {}", ref.name(), record.version(), dir, e.getMessage());
        }
        return new LoadedPromptSet(ref.name(), record.version(), promptSet, false);
    }

    /** The cache folder of a prompt set: {@code CACHE/sha256-HEX}. */
    public Path cachedFolder(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("invalid prompt-set digest '" + digest + "'");
        }
        return cacheDir.resolve(digest.replace(':', '-'));
    }

    private static PromptSet parse(Map<String, byte[]> files, String where) throws IOException {
        return PromptSet.fromBytes(files.get(PromptSet.MANIFEST), files.get(PromptSet.PROMPTS), where);
    }

    private static Map<String, byte[]> read(Path dir, VersionRecord record) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : record.files().keySet()) {
            try {
                files.put(name, Files.readAllBytes(dir.resolve(name)));
            } catch (NoSuchFileException e) {
                throw new IOException("cached copy " + dir + " is missing " + name, e);
            }
        }
        return files;
    }

    /** Writes the verified bytes as they are (never re-serialised) into a new folder, renamed into place. */
    private static void store(Path dir, Map<String, byte[]> files) throws IOException {
        if (Files.isDirectory(dir)) {
            return; // another process cached the same bytes first
        }
        try {
            AtomicFiles.writeFolder(dir, AtomicFiles.IfExists.KEEP, tmp -> {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(tmp.resolve(e.getKey()), e.getValue());
                }
            });
        } catch (IOException | RuntimeException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static void evict(Path dir) throws IOException {
        Path trash = dir.resolveSibling("." + dir.getFileName() + ".evicted-" + UUID.randomUUID());
        try {
            Files.move(dir, trash);
        } catch (IOException e) {
            return; // someone else evicted or replaced it
        }
        FileTrees.delete(trash);
    }
}
