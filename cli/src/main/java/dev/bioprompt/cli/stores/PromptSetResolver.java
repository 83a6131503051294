package dev.bioprompt.cli.stores;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.registry.LoadedPromptSet;
import dev.bioprompt.registry.PromptSetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a {@code --prompt-set} argument into a verified prompt set: an existing folder holding {@code manifest.json}
 * is read directly; anything else must be {@code NAME@ALIAS} or {@code NAME@VERSION} and is loaded from the registry
 * through the checksum-verified local cache.
 */
public final class PromptSetResolver {

    private final Stores stores;

    public PromptSetResolver(Stores stores) {
        this.stores = requireNonNull(stores, "stores is null");
    }

    /**
     * A resolved prompt set and where it came from.
     *
     * @param promptSet the verified prompt set
     * @param origin {@code NAME@ALIAS = vN} or the folder
     */
    public record Resolved(PromptSet promptSet, String origin) {
        public Resolved {
            requireNonNull(promptSet, "promptSet is null");
            requireNonNull(origin, "origin is null");
        }
    }

    /**
     * Checks the form of a {@code --prompt-set} value before anything is read: an existing folder, or
     * {@code NAME@ALIAS}, {@code NAME@VERSION} ({@code NAME@v2}, {@code NAME@2}).
     *
     * @throws dev.bioprompt.cli.UsageException naming the option and the expected forms
     */
    public static void checkReference(String reference) {
        if (Files.isDirectory(Path.of(reference))) {
            return;
        }
        parseReference("--prompt-set", reference);
    }

    /**
     * Parses a registry reference given to an option or parameter.
     *
     * @throws dev.bioprompt.cli.UsageException naming it and the expected forms
     */
    public static PromptSetRef parseReference(String what, String reference) {
        try {
            return PromptSetRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + " '" + reference + "' is neither an existing folder nor "
                    + "a registry reference: " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a reference or folder.
     *
     * @throws IllegalArgumentException when it is neither a prompt-set folder nor a valid reference
     * @throws IOException when loading fails (missing alias or version, damaged files)
     */
    public Resolved resolve(String reference) throws IOException {
        requireNonNull(reference, "reference is null");
        Path folder = Path.of(reference);
        if (Files.isDirectory(folder)) {
            if (!Files.isRegularFile(folder.resolve(PromptSet.MANIFEST))) {
                throw new IllegalArgumentException("--prompt-set folder " + folder.toAbsolutePath() + " holds no "
                        + PromptSet.MANIFEST + " (expected a prompt-set folder or NAME@ALIAS / NAME@VERSION)");
            }
            return new Resolved(PromptSet.readFrom(folder), folder.toAbsolutePath().toString());
        }
        PromptSetRef ref = parseReference("--prompt-set", reference);
        LoadedPromptSet loaded = new PromptSetLoader(stores.registry(), stores.promptSetCacheDir()).load(ref);
        return new Resolved(loaded.promptSet(), ref + " = " + ref.name() + "@v" + loaded.version()
                + (loaded.cacheHit() ? " (cached)" : ""));
    }
}
