package dev.bioprompt.runners.natives;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Decides which libtorch the engine loads, before it loads: the decision table of {@code engine.torch-flavor},
 * {@code engine.torch-library}, {@code engine.torch-download}, the machine's NVIDIA driver, the requested devices and
 * any {@code PYTORCH_*} variables already in the environment.
 *
 * <table>
 *   <caption>Decision table</caption>
 *   <tr><th>flavor</th><th>library folder</th><th>result</th></tr>
 *   <tr><td>cpu</td><td>none</td><td>the bundled CPU jar, offline</td></tr>
 *   <tr><td>cpu or cu128</td><td>given</td><td>that folder with that flavor, offline</td></tr>
 *   <tr><td>auto</td><td>given</td><td>that folder; cu128 when it holds {@code libtorch_cuda.so}, else cpu</td></tr>
 *   <tr><td>cu128</td><td>none</td><td>a one-time DJL download when {@code engine.torch-download} is true, else
 *       an error that says how to get the CUDA libtorch</td></tr>
 *   <tr><td>auto</td><td>none</td><td>no driver: the CPU jar. Driver: a download when allowed; else the CPU jar
 *       with a notice, or an error when a GPU device was asked for</td></tr>
 * </table>
 */
public final class NativeLibrarySelector {

    /** The folder setting's key. */
    public static final String LIBRARY_KEY = "engine.torch-library";
    /** The download permission's key. */
    public static final String DOWNLOAD_KEY = "engine.torch-download";

    private static final List<String> DJL_VARIABLES = List.of("PYTORCH_FLAVOR", "PYTORCH_LIBRARY_PATH",
            "PYTORCH_VERSION");

    private NativeLibrarySelector() {
    }

    /**
     * What the user asked for.
     *
     * @param flavor {@code engine.torch-flavor}
     * @param library {@code engine.torch-library}, empty when unset
     * @param allowDownload {@code engine.torch-download}
     * @param gpuRequested true when a device setting names a GPU explicitly ({@code gpu} or {@code gpu:N})
     */
    public record Request(TorchFlavor flavor, Optional<Path> library, boolean allowDownload, boolean gpuRequested) {

        public Request {
            requireNonNull(flavor, "flavor is null");
            requireNonNull(library, "library is null");
        }
    }

    /**
     * The plan for a request on a host.
     *
     * @param environment the process environment ({@code PYTORCH_*} variables there win inside DJL, so they are
     *     honoured and checked against the settings)
     * @throws IllegalArgumentException naming the key and the fix when the request cannot be met
     */
    public static NativeLibraryPlan plan(Request request, HostFacts host, Map<String, String> environment) {
        requireNonNull(request, "request is null");
        requireNonNull(host, "host is null");
        String version = requiredTorchVersion();
        Optional<NativeLibraryPlan> fromEnvironment = fromEnvironment(request, environment, version);
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get();
        }
        List<String> notices = new ArrayList<>();
        if (request.library().isPresent()) {
            Path dir = checkLibraryFolder(request.library().get());
            TorchFlavor flavor = request.flavor() == TorchFlavor.AUTO
                    ? (Files.exists(dir.resolve(System.mapLibraryName("torch_cuda"))) ? TorchFlavor.CU128
                    : TorchFlavor.CPU)
                    : request.flavor();
            if (flavor == TorchFlavor.CU128 && !host.nvidiaDriver()) {
                notices.add("no NVIDIA driver was found on this machine: the CUDA libtorch in " + dir
                        + " will see no GPU");
            }
            return new NativeLibraryPlan(flavor, Optional.of(dir), true, version, LIBRARY_KEY, notices);
        }
        switch (request.flavor()) {
            case CPU:
                return bundledCpu(version, TorchFlavor.KEY + "=cpu", notices);
            case CU128:
                if (!host.nvidiaDriver()) {
                    notices.add("no NVIDIA driver was found on this machine: the CUDA libtorch will see no GPU");
                }
                if (request.allowDownload()) {
                    return download(version, TorchFlavor.KEY + "=cu128", notices);
                }
                throw new IllegalArgumentException(TorchFlavor.KEY + "=cu128 needs a CUDA libtorch " + version
                        + " and none is configured. " + howToGetCuda(version));
            default:
                if (!host.nvidiaDriver()) {
                    return bundledCpu(version, "auto: no NVIDIA driver", notices);
                }
                if (request.allowDownload()) {
                    return download(version, "auto: NVIDIA driver present, " + DOWNLOAD_KEY + "=true", notices);
                }
                if (request.gpuRequested()) {
                    throw new IllegalArgumentException("a GPU device was requested and an NVIDIA driver is present,"
                            + " but only the CPU libtorch is available. " + howToGetCuda(version));
                }
                notices.add("an NVIDIA driver is present but BioPrompt runs on the CPU libtorch. To use the GPU: "
                        + howToGetCuda(version));
                return bundledCpu(version, "auto: NVIDIA driver present, no CUDA libtorch configured", notices);
        }
    }

    /**
     * Checks, after the engine loaded, that it can serve the requested devices.
     *
     * @param plan what was loaded
     * @param gpuIndices the GPU indices the configuration asks for (empty for CPU-only work)
     * @param visibleGpus how many GPUs the loaded engine sees
     * @throws IllegalStateException naming the loaded flavor and the fix, never letting a GPU run fall back to the CPU
     */
    public static void requireDevices(NativeLibraryPlan plan, List<Integer> gpuIndices, int visibleGpus) {
        for (int index : gpuIndices) {
            if (index >= visibleGpus) {
                String fix = plan.isCpu() ? howToGetCuda(plan.torchVersion())
                        : "Check that the NVIDIA driver works (nvidia-smi) and that CUDA_VISIBLE_DEVICES shows the GPU.";
                throw new IllegalStateException("runner.device asks for gpu:" + index + " but the loaded libtorch ("
                        + plan.describe() + ") sees " + visibleGpus + " GPU(s). " + fix);
            }
        }
    }

    /** The libtorch version the bundled JNI library was built for (from {@code jnilib/pytorch.properties}). */
    public static String requiredTorchVersion() {
        try (InputStream in = NativeLibrarySelector.class.getResourceAsStream("/jnilib/pytorch.properties")) {
            if (in == null) {
                return "2.7.1";
            }
            Properties properties = new Properties();
            properties.load(in);
            String jni = properties.getProperty("jni_version", "2.7.1");
            int dash = jni.indexOf('-');
            return dash > 0 ? jni.substring(0, dash) : jni;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jnilib/pytorch.properties from the pytorch-jni jar", e);
        }
    }

    private static String howToGetCuda(String version) {
        return "Either set " + LIBRARY_KEY + " to a folder holding libtorch " + version + " for CUDA 12.8 (for example"
                + " the torch/lib folder of the torch==" + version + "+cu128 wheel), with " + TorchFlavor.KEY
                + "=cu128; or set " + DOWNLOAD_KEY + "=true to let DJL download it once into its cache"
                + " (DJL_CACHE_DIR); or set " + TorchFlavor.KEY + "=cpu and runner.device=cpu to run on the CPU.";
    }

    private static NativeLibraryPlan bundledCpu(String version, String source, List<String> notices) {
        return new NativeLibraryPlan(TorchFlavor.CPU, Optional.empty(), true, version, source, notices);
    }

    private static NativeLibraryPlan download(String version, String source, List<String> notices) {
        notices.add("DJL downloads the cu128 libtorch " + version + " once into its cache (DJL_CACHE_DIR)");
        return new NativeLibraryPlan(TorchFlavor.CU128, Optional.empty(), false, version, source, notices);
    }

    private static Path checkLibraryFolder(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(LIBRARY_KEY + " names " + absolute + ", which is not a folder");
        }
        if (!Files.exists(absolute.resolve(System.mapLibraryName("torch")))) {
            throw new IllegalArgumentException(LIBRARY_KEY + " names " + absolute + ", which holds no "
                    + System.mapLibraryName("torch") + " (expected the lib/ folder of a libtorch or torch wheel)");
        }
        return absolute;
    }

    private static Optional<NativeLibraryPlan> fromEnvironment(Request request, Map<String, String> environment,
                                                               String version) {
        boolean any = DJL_VARIABLES.stream().anyMatch(name -> !environment.getOrDefault(name, "").isBlank());
        if (!any) {
            return Optional.empty();
        }
        String envFlavor = environment.getOrDefault("PYTORCH_FLAVOR", "").trim();
        String envLibrary = environment.getOrDefault("PYTORCH_LIBRARY_PATH", "").trim();
        String envVersion = environment.getOrDefault("PYTORCH_VERSION", "").trim();
        if (!envVersion.isEmpty() && !envVersion.equals(version)) {
            throw new IllegalArgumentException("environment variable PYTORCH_VERSION=" + envVersion
                    + " but this build of BioPrompt needs libtorch " + version + "; unset it or install " + version);
        }
        TorchFlavor flavor = envFlavor.isEmpty() ? null : TorchFlavor.parse(envFlavor);
        if (flavor != null && request.flavor() != TorchFlavor.AUTO && request.flavor() != flavor) {
            throw new IllegalArgumentException("environment variable PYTORCH_FLAVOR=" + envFlavor + " conflicts with "
                    + TorchFlavor.KEY + "=" + request.flavor().djlName() + "; unset one of them");
        }
        if (!envLibrary.isEmpty() && request.library().isPresent()
                && !Path.of(envLibrary).toAbsolutePath().normalize()
                .equals(request.library().get().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("environment variable PYTORCH_LIBRARY_PATH=" + envLibrary
                    + " conflicts with " + LIBRARY_KEY + "=" + request.library().get() + "; unset one of them");
        }
        Optional<Path> library = envLibrary.isEmpty() ? request.library().map(NativeLibrarySelector::checkLibraryFolder)
                : Optional.of(checkLibraryFolder(Path.of(envLibrary)));
        if (flavor == null) {
            flavor = request.flavor() != TorchFlavor.AUTO ? request.flavor()
                    : library.filter(dir -> Files.exists(dir.resolve(System.mapLibraryName("torch_cuda"))))
                    .map(dir -> TorchFlavor.CU128).orElse(TorchFlavor.CPU);
        }
        boolean offline = library.isPresent() || flavor == TorchFlavor.CPU || !request.allowDownload();
        if (flavor == TorchFlavor.CU128 && library.isEmpty() && offline) {
            throw new IllegalArgumentException("environment variable PYTORCH_FLAVOR=cu128 is set without"
                    + " PYTORCH_LIBRARY_PATH. " + howToGetCuda(version));
        }
        return Optional.of(new NativeLibraryPlan(flavor, library, offline, version, "environment PYTORCH_*",
                List.of()));
    }
}
