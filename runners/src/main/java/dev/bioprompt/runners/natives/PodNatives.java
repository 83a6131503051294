package dev.bioprompt.runners.natives;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The libtorch environment of a Kubernetes cell: a GPU cell loads the CUDA libtorch baked into the cell image
 * ({@code runners/docker/Dockerfile} puts it in {@code /opt/libtorch/lib}); a CPU-only cell loads the CPU libtorch
 * bundled in the jar, overriding the image's CUDA defaults.
 */
public final class PodNatives {

    /** Where the cell image keeps its CUDA libtorch. */
    public static final String IMAGE_LIBRARY = "/opt/libtorch/lib";

    private PodNatives() {
    }

    /**
     * The environment variables of a cell's container.
     *
     * @param gpusPerCell GPUs the cell asks for
     * @param imageLibrary the CUDA libtorch folder inside the image
     */
    public static Map<String, String> environment(int gpusPerCell, String imageLibrary) {
        String version = NativeLibrarySelector.requiredTorchVersion();
        if (gpusPerCell > 0) {
            return new NativeLibraryPlan(TorchFlavor.CU128, Optional.of(Path.of(imageLibrary)), true, version,
                    "kubernetes.gpus > 0", List.of()).environment();
        }
        Map<String, String> env = new LinkedHashMap<>(new NativeLibraryPlan(TorchFlavor.CPU, Optional.empty(), true,
                version, "kubernetes.gpus = 0", List.of()).environment());
        // an empty value overrides the image's CUDA default, so that DJL takes the bundled CPU libtorch
        env.put("PYTORCH_LIBRARY_PATH", "");
        return env;
    }
}
