package dev.bioprompt.cli.config;

import dev.bioprompt.runners.config.EngineKeys;
import dev.bioprompt.runners.config.RunnerKeys;
import dev.bioprompt.runners.natives.HostFacts;
import dev.bioprompt.runners.natives.NativeLibraryPlan;
import dev.bioprompt.runners.natives.NativeLibrarySelector;
import dev.bioprompt.runners.natives.TorchFlavor;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's native library settings of a command ({@code engine.torch-flavor}, {@code engine.torch-library},
 * {@code engine.torch-download}) and the plan applied to this process. The engine loads its natives once per
 * process, so the first plan applied is the one in force.
 */
public final class EngineSettings {

    private static volatile NativeLibraryPlan applied;

    private EngineSettings() {
    }

    /**
     * The plan for the configured settings on a host.
     *
     * @throws IllegalArgumentException naming the key and the fix when the settings cannot be met
     */
    public static NativeLibraryPlan plan(Settings settings, Map<String, String> environment, HostFacts host) {
        TorchFlavor flavor = TorchFlavor.parse(settings.text(EngineKeys.TORCH_FLAVOR));
        String library = settings.text(EngineKeys.TORCH_LIBRARY);
        boolean download = settings.flag(EngineKeys.TORCH_DOWNLOAD);
        boolean gpuRequested = settings.text(RunnerKeys.DEVICE).toLowerCase(Locale.ROOT).contains("gpu");
        return NativeLibrarySelector.plan(new NativeLibrarySelector.Request(flavor,
                library.isEmpty() ? Optional.empty() : Optional.of(Path.of(expandHome(library))), download,
                gpuRequested), host, environment);
    }

    /** Applies a plan to this process unless one was applied before; returns the plan in force. */
    public static synchronized NativeLibraryPlan apply(NativeLibraryPlan plan) {
        if (applied == null) {
            plan.applyToThisProcess();
            applied = plan;
        }
        return applied;
    }

    /** The plan in force in this process, if a command applied one. */
    public static Optional<NativeLibraryPlan> applied() {
        return Optional.ofNullable(applied);
    }

    private static String expandHome(String path) {
        return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
