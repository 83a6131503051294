package dev.bioprompt.cli.config;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.bioprompt.runners.config.RunnerKeys;
import dev.bioprompt.runners.local.LocalRunner;
import dev.bioprompt.runners.natives.NativeLibraryPlan;
import dev.bioprompt.runners.natives.NativeLibrarySelector;
import dev.bioprompt.runners.natives.TorchFlavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The compute device of a command, from the setting {@code runner.device}: {@code auto} (the first GPU when the engine
 * sees one, else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}; or a comma-separated list of these for the
 * local runner, which trains one cell per listed device at the same time ({@code gpu:0,gpu:2}). Commands that use one
 * device take the first of a list.
 */
public final class DeviceSetting {

    /** The configuration key. */
    public static final String KEY = RunnerKeys.DEVICE.key();

    private DeviceSetting() {
    }

    /**
     * The configured device.
     *
     * @throws IllegalArgumentException naming the key when the value is not auto, cpu, gpu or gpu:N
     */
    public static Device resolve(Settings settings) {
        return parse(settings.text(RunnerKeys.DEVICE).split(",")[0].trim());
    }

    /**
     * The local runner's devices: every visible GPU (or the CPU alone) for {@code auto}, else each listed device, one
     * worker each.
     *
     * @throws IllegalArgumentException naming the key when an entry is not auto, cpu, gpu or gpu:N
     */
    public static List<Device> resolveAll(Settings settings) {
        String value = settings.text(RunnerKeys.DEVICE);
        if (value.isEmpty() || value.equalsIgnoreCase("auto")) {
            return LocalRunner.visibleDevices();
        }
        List<Device> devices = new ArrayList<>();
        for (String entry : value.split(",")) {
            devices.add(parse(entry.trim()));
        }
        return devices;
    }

    /**
     * A GPU the loaded engine sees; never a silent fall-back to the CPU.
     *
     * @throws IllegalStateException naming the loaded libtorch and the fix when the engine does not see that GPU
     */
    private static Device requireVisible(int index) {
        int visible = Engine.getInstance().getGpuCount();
        NativeLibraryPlan plan = EngineSettings.applied().orElseGet(() -> new NativeLibraryPlan(TorchFlavor.CPU,
                Optional.empty(), true, NativeLibrarySelector.requiredTorchVersion(), "the engine's own default",
                List.of()));
        NativeLibrarySelector.requireDevices(plan, List.of(index), visible);
        return Device.gpu(index);
    }

    private static Device parse(String setting) {
        String value = setting.toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("auto")) {
            return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        if (value.equals("gpu")) {
            return requireVisible(0);
        }
        if (value.matches("gpu:\\d+")) {
            return requireVisible(Integer.parseInt(value.substring(4)));
        }
        throw new IllegalArgumentException("configuration key '" + KEY + "' expects auto, cpu, gpu or gpu:N (or a"
                + " comma-separated list of them), was '" + value + "'");
    }
}
