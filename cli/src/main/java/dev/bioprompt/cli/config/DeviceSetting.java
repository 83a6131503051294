package dev.bioprompt.cli.config;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * The compute device of a command, from the setting {@code runner.device}: {@code auto} (the first GPU when the engine
 * sees one, else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}.
 */
public final class DeviceSetting {

    /** The configuration key. */
    public static final String KEY = "runner.device";

    private DeviceSetting() {
    }

    /**
     * The configured device.
     *
     * @throws IllegalArgumentException naming the key when the value is not auto, cpu, gpu or gpu:N
     */
    public static Device resolve(Settings settings) {
        String value = settings.get(KEY, "auto").toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("auto")) {
            return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        if (value.equals("gpu")) {
            return Device.gpu();
        }
        if (value.matches("gpu:\\d+")) {
            return Device.gpu(Integer.parseInt(value.substring(4)));
        }
        throw new IllegalArgumentException("configuration key '" + KEY + "' expects auto, cpu, gpu or gpu:N, was '"
                + value + "'");
    }
}
