package dev.bioprompt.registry;

import java.nio.file.Path;

/**
 * The default registry: a local (or shared network) folder with the same layout and guarantees as the S3 registry.
 * Create-only writes use hard links, so concurrent publishers on one machine get distinct versions.
 */
public final class LocalPromptSetRegistry extends StoredPromptSetRegistry {

    private final Path root;

    /** @param root the registry folder (created on the first write) */
    public LocalPromptSetRegistry(Path root) {
        this(new FolderObjectStore(root));
    }

    private LocalPromptSetRegistry(FolderObjectStore store) {
        super(store, "", store.root().toUri().toString());
        this.root = store.root();
        store.sweepTemporaryFiles();
    }

    /** A registry over a folder store (a store with an injected write quota, for disk-full tests). */
    public LocalPromptSetRegistry(FolderObjectStore store, boolean sweep) {
        super(store, "", store.root().toUri().toString());
        this.root = store.root();
        if (sweep) {
            store.sweepTemporaryFiles();
        }
    }

    /** The registry folder. */
    public Path root() {
        return root;
    }
}
