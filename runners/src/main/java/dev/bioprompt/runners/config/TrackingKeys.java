package dev.bioprompt.runners.config;

/** Keys of the tracking store. Add a key with one line here; {@link SettingsSchema} finds it. */
public final class TrackingKeys {

    public static final Setting URI = Setting.text("tracking.uri", "",
            "empty: the file store tracking.dir; a folder or file: URI; http(s)://host: an MLflow server");
    public static final Setting EXPERIMENT = Setting.text("tracking.experiment", "bioprompt",
            "the tracking experiment of train, demo, runs, gate and promote (the YAML top-level 'experiment')");
    public static final Setting DIR = Setting.path("tracking.dir", "mlruns",
            "the offline file store used when tracking.uri is empty");

    private TrackingKeys() {
    }
}
