package dev.bioprompt.runners.config;

/** Keys of the inputs of training and evaluation. Add a key with one line here; {@link SettingsSchema} finds it. */
public final class DataKeys {

    public static final Setting DATA_ROOT = Setting.path("data.root", null,
            "dataset root (<root>/<DATASET>/split_<DATASET>.json); unset: the generated toy world");
    public static final Setting BACKBONE_DIR = Setting.path("backbone.dir", null,
            "backbone folder (released BiomedCLIP layout); unset: the embedded toy backbone");
    public static final Setting DESCRIPTIONS_FILE = Setting.path("descriptions.file", null,
            "LLM descriptions per class, JSON {\"class\": [\"sentence\", ...]}; unset: <data.root>/<DATASET>/descriptions.json");

    public static final Setting ZENODO_ENDPOINT = Setting.text("datasets.zenodo-endpoint", "https://zenodo.org",
            "the Zenodo server 'datasets fetch' downloads MedMNIST+ files from");

    private DataKeys() {
    }
}
