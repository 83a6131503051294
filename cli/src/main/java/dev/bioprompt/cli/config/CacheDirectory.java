package dev.bioprompt.cli.config;

import dev.bioprompt.runners.config.PlatformKeys;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder for downloaded weights, the extracted toy backbone and the generated toy world: the setting
 * {@code cache.dir}, else {@code $BIOPROMPT_CACHE}, else {@code ~/.cache/bioprompt}.
 */
public final class CacheDirectory {

    /** The configuration key of the cache folder. */
    public static final String KEY = PlatformKeys.CACHE_DIR.key();

    private CacheDirectory() {
    }

    /** The cache folder, absolute. */
    public static Path resolve(Settings settings, Map<String, String> environment) {
        String configured = settings.text(PlatformKeys.CACHE_DIR);
        if (!configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String env = environment.get("BIOPROMPT_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "bioprompt");
    }
}
