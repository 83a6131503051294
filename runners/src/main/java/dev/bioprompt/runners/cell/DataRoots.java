package dev.bioprompt.runners.cell;

import dev.bioprompt.data.toy.ToyWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where datasets live: a configured root, or the toy world generated once into the cache folder. */
public final class DataRoots {

    /** The seed of the default toy world (the one the demo and the tests use). */
    public static final long TOY_SEED = 7;
    /** Bumped when the toy world gains or changes datasets, so that a cached older world is not used. */
    private static final int TOY_WORLD_VERSION = 2;

    private DataRoots() {
    }

    /**
     * The dataset root a setting names; an empty setting means the default toy world, generated on first use.
     *
     * @throws IOException when a configured root does not exist
     */
    public static Path resolve(String configured, Path cacheDir) throws IOException {
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured);
            if (!Files.isDirectory(root)) {
                throw new IOException("dataset root " + root.toAbsolutePath() + " (setting data.root) does not exist");
            }
            return root;
        }
        return toyWorld(cacheDir);
    }

    /** The default toy world under {@code cacheDir}, generated (atomically) when missing. */
    public static synchronized Path toyWorld(Path cacheDir) throws IOException {
        Path root = cacheDir.resolve("toy-world-" + TOY_SEED + "-v" + TOY_WORLD_VERSION);
        if (!Files.isDirectory(root)) {
            Files.createDirectories(cacheDir);
            new ToyWorld(TOY_SEED).generate(root);
        }
        return root;
    }
}
