package dev.bioprompt.runners.config;

/** Keys of the platform's folders. Add a key with one line here; {@link SettingsSchema} finds it. */
public final class PlatformKeys {

    public static final Setting PLUGINS_DIR = Setting.path("plugins.dir", "",
            "folder of plugin jars; empty: <install>/plugins, else ./plugins; absolute and ~/ paths work from any folder");
    public static final Setting RUNS_DIR = Setting.path("runs.dir", "runs",
            "folder of sweep state and results tables (runs/<sweep-id>/)");
    public static final Setting CACHE_DIR = Setting.path("cache.dir", null,
            "extracted toy backbone, toy world, hub downloads, registry prompt sets; unset: $BIOPROMPT_CACHE, else ~/.cache/bioprompt");

    private PlatformKeys() {
    }
}
