package dev.bioprompt.backbone;

import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The embedded default backbone: a small model of the BiomedCLIP architecture contrastively pretrained on the toy
 * world by {@code bioprompt pretrain-toy}, shipped inside the jar. It lets the quick start, the demo and the tests
 * show real learning without downloads.
 */
public final class ToyBackbone {

    /** The files of the embedded model folder, in the released layout. */
    public static final List<String> FILES = List.of("open_clip_config.json", "config.json", "vocab.txt",
            "open_clip_model.safetensors");

    private static final String RESOURCE_DIR = "/dev/bioprompt/backbone/toy/";

    private ToyBackbone() {
    }

    /** Whether this build embeds the toy backbone. */
    public static boolean isEmbedded() {
        return ToyBackbone.class.getResource(RESOURCE_DIR + FILES.get(FILES.size() - 1)) != null;
    }

    /**
     * The embedded model as a folder on disk, extracted once into {@code cacheDir/toy-backbone-<hash>} (a folder
     * named by the content hash, so an updated model never mixes with an old one).
     *
     * @throws IOException when the jar does not embed the model or the cache folder cannot be written
     */
    public static Path extract(Path cacheDir) throws IOException {
        if (!isEmbedded()) {
            throw new IOException("this build does not embed the toy backbone (missing resources under "
                    + RESOURCE_DIR + "); run 'bioprompt pretrain-toy' or pass --backbone DIR");
        }
        MessageDigest digest = sha256();
        for (String file : FILES) {
            digest.update(read(file));
        }
        Path target = cacheDir.resolve("toy-backbone-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        if (Files.isRegularFile(target.resolve(FILES.get(FILES.size() - 1)))) {
            return target;
        }
        // another process may extract the same content first: its folder is kept
        AtomicFiles.writeFolder(target, AtomicFiles.IfExists.KEEP, tmp -> {
            for (String file : FILES) {
                Files.write(tmp.resolve(file), read(file));
            }
        });
        return target;
    }

    /** The default cache folder: {@code $BIOPROMPT_CACHE}, else {@code ~/.cache/bioprompt}. */
    public static Path defaultCacheDir() {
        String env = System.getenv("BIOPROMPT_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "bioprompt");
    }

    private static byte[] read(String file) {
        try (InputStream in = ToyBackbone.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IOException("missing embedded resource " + RESOURCE_DIR + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
