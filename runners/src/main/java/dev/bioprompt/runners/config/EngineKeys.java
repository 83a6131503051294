package dev.bioprompt.runners.config;

/** Keys of the native engine, the frozen backbone and evaluation. Add a key with one line here. */
public final class EngineKeys {

    public static final Setting TORCH_FLAVOR = Setting.choice("engine.torch-flavor", "auto",
            "which libtorch the PyTorch engine loads: auto (CPU without an NVIDIA driver), cpu or cu128",
            "auto", "cpu", "cu128");
    public static final Setting TORCH_LIBRARY = Setting.path("engine.torch-library", "",
            "a folder holding libtorch 2.7.1; empty: none");
    public static final Setting TORCH_DOWNLOAD = Setting.flag("engine.torch-download", false,
            "let DJL download the CUDA natives once into DJL_CACHE_DIR when no folder is given");
    public static final Setting BACKBONE_PRECISION = Setting.choice("backbone.precision", "float32",
            "element type of the tower passes that need no gradient: float32 or float16", "float32", "float16");
    public static final Setting EVAL_BATCH_SIZE = Setting.text("eval.batch-size", "auto",
            "images per evaluation batch, or auto (from the device's memory)");
    public static final Setting EVAL_FEATURE_CACHE_SIZE = Setting.text("eval.feature-cache-size", "auto",
            "size of the evaluation feature cache, or auto (from the device's memory)");

    private EngineKeys() {
    }
}
