package dev.bioprompt.data.catalog;

/** How a dataset is stored on disk. */
public enum DatasetFormat {
    /** {@code <root>/<DS>/split_<DS>.json} plus images under {@code <root>/<DS>/<DS>/}. */
    BIOMEDCOOP_SPLIT,
    /** MedMNIST+ {@code <root>/<flag>_<size>.npz} (or {@code <flag>.npz} at 28 px). */
    MEDMNIST_NPZ
}
