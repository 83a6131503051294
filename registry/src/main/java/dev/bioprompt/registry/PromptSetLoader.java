package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.PromptSetRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code NAME@ALIAS} or {@code NAME@VERSION} for serving, through a local cache folder
 * ({@code CACHE/REGISTRY/NAME/VERSION/}). Versions are immutable, so a cached copy never goes stale; aliases are resolved
 * against the registry on every call. Checksums are verified on every cache hit too: a damaged cached copy is
 * discarded and downloaded again.
 */
public final class PromptSetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PromptSetLoader.class);

    private final PromptSetRegistry registry;
    private final Path cacheDir;
    private final String registryKey;

    /**
     * @param registry where prompt sets are published
     * @param cacheDir the local cache folder (created when needed)
     */
    public PromptSetLoader(PromptSetRegistry registry, Path cacheDir) {
        this.registry = requireNonNull(registry, "registry is null");
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null").toAbsolutePath();
        this.registryKey = PromptSet.sha256(registry.uri().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Parses and loads {@code NAME@ALIAS} or {@code NAME@VERSION}. */
    public LoadedPromptSet load(String reference) throws IOException {
        return load(PromptSetRef.parse(reference));
    }

    /**
     * Resolves and loads a reference.
     *
     * @throws IOException when the alias is unset, the version missing, or the registry copy damaged
     */
    public LoadedPromptSet load(PromptSetRef ref) throws IOException {
        int version = registry.resolve(ref);
        Path dir = cachedFolder(ref.name(), version);
        if (Files.isDirectory(dir)) {
            try {
                return new LoadedPromptSet(ref.name(), version, PromptSet.readFrom(dir), true);
            } catch (IOException e) {
                LOG.warn("discarding damaged cached copy of {}@{}: {}", ref.name(), version, e.getMessage());
                evict(dir);
            }
        }
        PromptSet promptSet = registry.load(ref.name(), version);
        try {
            promptSet.writeTo(dir);
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("cannot cache " + ref.name() + "@" + version + " in " + dir + ": "
                        + e.getMessage(), e);
            }
            // another process cached the same immutable version first
        }
        return new LoadedPromptSet(ref.name(), version, promptSet, false);
    }

    /**
     * The cache folder of one version: {@code CACHE/REGISTRY/NAME/VERSION}, where {@code REGISTRY} is a short hash of
     * the registry URI, so two registries sharing a cache never hand out each other's versions.
     */
    public Path cachedFolder(String name, int version) {
        if (!PromptSetRegistry.isValidName(name)) {
            throw new IllegalArgumentException("invalid prompt-set name '" + name + "'");
        }
        return cacheDir.resolve(registryKey).resolve(name).resolve(Integer.toString(version));
    }

    private static void evict(Path dir) throws IOException {
        Path trash = dir.resolveSibling("." + dir.getFileName() + ".evicted-" + UUID.randomUUID());
        try {
            Files.move(dir, trash);
        } catch (IOException e) {
            return; // someone else evicted or replaced it
        }
        try (Stream<Path> walk = Files.walk(trash)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
