package dev.bioprompt.runners.natives;

import java.util.Locale;

/**
 * Which libtorch build the PyTorch engine loads: the setting {@code engine.torch-flavor}.
 *
 * <p>DJL 0.35.1 supports libtorch 2.7.1 as {@code cpu} (bundled with BioPrompt in the {@code pytorch-native-cpu} jar)
 * and {@code cu128} (CUDA 12.8; its JNI library is bundled, the libtorch itself is not).
 */
public enum TorchFlavor {
    /** The CPU build when no NVIDIA driver is present; otherwise CUDA when a CUDA libtorch is configured. */
    AUTO,
    /** The CPU build. */
    CPU,
    /** The CUDA 12.8 build. */
    CU128;

    /** The setting's key. */
    public static final String KEY = "engine.torch-flavor";

    /** The name DJL uses ({@code PYTORCH_FLAVOR}). */
    public String djlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the setting's value.
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static TorchFlavor parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return AUTO;
        }
        for (TorchFlavor flavor : values()) {
            if (flavor.djlName().equals(v)) {
                return flavor;
            }
        }
        throw new IllegalArgumentException("configuration key '" + KEY + "' expects auto, cpu or cu128, was '"
                + value + "'");
    }
}
