package dev.bioprompt.runners.natives;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The libtorch the PyTorch engine is to load, as DJL reads it: {@code PYTORCH_FLAVOR}, {@code PYTORCH_VERSION},
 * {@code PYTORCH_LIBRARY_PATH} and offline mode ({@code DJL_OFFLINE}).
 *
 * @param flavor {@link TorchFlavor#CPU} or {@link TorchFlavor#CU128}, never {@code AUTO}
 * @param library the folder holding libtorch, or empty for the CPU jar on the class path (or a DJL download)
 * @param offline false only when DJL may download the natives once into its cache
 * @param torchVersion the libtorch version DJL's JNI library needs
 * @param source where the choice came from, for {@code doctor} and error messages
 * @param notices what the user should know about the choice (printed as warnings)
 */
public record NativeLibraryPlan(TorchFlavor flavor, Optional<Path> library, boolean offline, String torchVersion,
                                String source, List<String> notices) {

    public NativeLibraryPlan {
        requireNonNull(flavor, "flavor is null");
        requireNonNull(library, "library is null");
        requireNonNull(torchVersion, "torchVersion is null");
        requireNonNull(source, "source is null");
        notices = List.copyOf(requireNonNull(notices, "notices is null"));
        if (flavor == TorchFlavor.AUTO) {
            throw new IllegalArgumentException("a plan names a concrete flavor, not auto");
        }
    }

    /** True when the plan loads the CPU build. */
    public boolean isCpu() {
        return flavor == TorchFlavor.CPU;
    }

    /** True when DJL will download the natives instead of loading a local libtorch. */
    public boolean downloads() {
        return !offline;
    }

    /**
     * The environment a process (a child JVM, a Kubernetes pod) needs to load this libtorch.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTORCH_FLAVOR", flavor.djlName());
        if (library.isPresent() || !isCpu()) {
            env.put("PYTORCH_VERSION", torchVersion);
        }
        library.ifPresent(dir -> env.put("PYTORCH_LIBRARY_PATH", dir.toString()));
        env.put("DJL_OFFLINE", Boolean.toString(offline));
        return env;
    }

    /**
     * Applies the plan to this process before the engine loads. DJL reads each variable from the environment first
     * and from the system properties second, so a variable already in the environment is left to win (the selector
     * only builds plans that agree with it).
     */
    public void applyToThisProcess() {
        environment().forEach((name, value) -> {
            if (name.equals("DJL_OFFLINE")) {
                System.setProperty("ai.djl.offline", value);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    /** One line for logs and {@code doctor}. */
    public String describe() {
        return flavor.djlName() + " libtorch " + torchVersion + " from "
                + library.map(Path::toString).orElse(downloads() ? "a one-time download into the DJL cache"
                : "the bundled pytorch-native-cpu jar") + " (" + source + ")";
    }
}
