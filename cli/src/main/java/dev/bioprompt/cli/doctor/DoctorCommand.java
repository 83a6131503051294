package dev.bioprompt.cli.doctor;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.ToyBackbone;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.config.DeviceSetting;
import dev.bioprompt.cli.config.EngineSettings;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.runners.config.DataKeys;
import dev.bioprompt.runners.config.RegistryKeys;
import dev.bioprompt.runners.config.RunnerKeys;
import dev.bioprompt.runners.config.TrackingKeys;
import dev.bioprompt.runners.natives.NativeLibraryPlan;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt doctor}: what this machine and configuration give a run, checked before a long job fails on it.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Check the machine and the configuration before a run: Java, DJL and libtorch versions, the",
            "libtorch flavor and where it was loaded from, the devices and their memory, the cache folders",
            "and their sizes, the tracking and registry endpoints (reachable or not, credentials present or",
            "not, never their values), the backbone folder, and a matrix product and one BiomedCLIP-size",
            "forward pass timed on each device.",
            "Exit 0 when everything the configured run needs is in place, 1 otherwise."})
public final class DoctorCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--forward-size", paramLabel = "SIZE", defaultValue = "biomedclip",
            description = "Size of the timed forward pass: biomedclip (ViT-B/16 + BERT-base, random weights, about"
                    + " 1 GB) or tiny (seconds). Default: ${DEFAULT-VALUE}.")
    String forwardSize;

    @Option(names = "--no-compute", description = "Skip the timed matrix product and forward pass.")
    boolean noCompute;

    @Inject
    DoctorCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        ComputeProbe.ForwardSize size = parseSize(forwardSize);
        Settings settings = context.settings();
        List<Check> checks = new ArrayList<>();
        checks.add(Check.info("java", "runtime", System.getProperty("java.vendor") + " "
                + System.getProperty("java.version") + ", max heap "
                + FolderSize.human(Runtime.getRuntime().maxMemory()) + ", "
                + Runtime.getRuntime().availableProcessors() + " processors"));
        checks.add(Check.info("engine", "DJL", Engine.getDjlVersion()));
        EngineSettings.applied().map(NativeLibraryPlan::describe)
                .ifPresent(plan -> checks.add(Check.info("engine", "native library plan", plan)));
        List<Device> devices = new ArrayList<>();
        Engine engine = null;
        try {
            engine = Engine.getInstance();
            checks.add(Check.info("engine", "libtorch", engine.getEngineName() + " " + engine.getVersion()
                    + " loaded from " + libtorchPath()));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            checks.add(new Check("engine", "libtorch", "failed to load: " + e.getMessage(), false));
        }
        if (engine != null) {
            devices.add(Device.cpu());
            checks.add(Check.info("devices", "cpu", cpuMemory()));
            for (int i = 0; i < engine.getGpuCount(); i++) {
                Device gpu = Device.gpu(i);
                devices.add(gpu);
                checks.add(Check.info("devices", gpu.toString(), gpuMemory(gpu)));
            }
            try {
                List<Device> configured = DeviceSetting.resolveAll(settings);
                checks.add(Check.info("devices", DeviceSetting.KEY, settings.text(RunnerKeys.DEVICE) + " -> "
                        + configured));
            } catch (RuntimeException e) {
                checks.add(new Check("devices", DeviceSetting.KEY, e.getMessage(), false));
            }
        }
        Path cache = CacheDirectory.resolve(settings, context.environment());
        checks.add(Check.info("caches", "cache.dir", cache + " (" + FolderSize.human(FolderSize.of(cache)) + ")"));
        Path djlCache = Utils.getCacheDir();
        checks.add(Check.info("caches", "DJL cache", djlCache + " (" + FolderSize.human(FolderSize.of(djlCache))
                + ")"));
        checks.add(backbone(settings));
        checks.addAll(StoreProbe.tracking(settings.text(TrackingKeys.URI),
                settings.path(TrackingKeys.DIR), context.environment()));
        checks.addAll(StoreProbe.registry(settings.text(RegistryKeys.URI),
                settings.text(RegistryKeys.S3_ENDPOINT), settings.text(RegistryKeys.S3_REGION),
                context.environment()));
        if (!noCompute) {
            for (Device device : devices) {
                checks.addAll(ComputeProbe.run(device, size));
            }
        }
        print(checks);
        boolean ok = checks.stream().allMatch(Check::ok);
        context.out().println(ok ? "Everything the configured run needs is in place."
                : "Some things the configured run needs are missing (lines marked FAIL).");
        context.out().flush();
        return ok ? 0 : 1;
    }

    private Check backbone(Settings settings) {
        String dir = settings.text(DataKeys.BACKBONE_DIR);
        if (dir.isEmpty()) {
            return new Check("backbone", "backbone.dir", ToyBackbone.isEmbedded() ? "unset: the embedded toy backbone"
                    : "unset, and this build embeds no toy backbone", ToyBackbone.isEmbedded());
        }
        Path folder = Path.of(dir).toAbsolutePath().normalize();
        try {
            Path checkpoint = BiomedClipLoader.checkpointFile(folder);
            return Check.info("backbone", "backbone.dir", folder + " (" + checkpoint.getFileName() + ", "
                    + FolderSize.human(Files.size(checkpoint)) + ")");
        } catch (IOException e) {
            return new Check("backbone", "backbone.dir", folder + ": " + e.getMessage(), false);
        }
    }

    private void print(List<Check> checks) {
        Map<String, List<Check>> bySection = new LinkedHashMap<>();
        checks.forEach(check -> bySection.computeIfAbsent(check.section(), s -> new ArrayList<>()).add(check));
        bySection.forEach((section, lines) -> {
            context.out().println(section);
            for (Check check : lines) {
                context.out().printf(Locale.ROOT, "  %-4s %-26s %s%n", check.ok() ? "ok" : "FAIL", check.name(),
                        check.detail());
            }
        });
    }

    private static ComputeProbe.ForwardSize parseSize(String value) {
        try {
            return ComputeProbe.ForwardSize.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--forward-size expects biomedclip or tiny, was '" + value
                    + "'");
        }
    }

    private static String libtorchPath() {
        try {
            return LibUtils.getLibtorchPath();
        } catch (RuntimeException | LinkageError e) {
            return "(unknown)";
        }
    }

    private static String cpuMemory() {
        Map<String, Long> meminfo = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 2) {
                    meminfo.put(parts[0].replace(":", ""), Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors() + " processors";
        }
        return Runtime.getRuntime().availableProcessors() + " processors, "
                + FolderSize.human(meminfo.getOrDefault("MemAvailable", 0L)) + " free of "
                + FolderSize.human(meminfo.getOrDefault("MemTotal", 0L));
    }

    private static String gpuMemory(Device gpu) {
        try {
            MemoryUsage usage = CudaUtils.getGpuMemory(gpu);
            return FolderSize.human(usage.getMax() - usage.getCommitted()) + " free of "
                    + FolderSize.human(usage.getMax());
        } catch (RuntimeException | LinkageError e) {
            return "memory unknown: " + e.getMessage();
        }
    }
}
