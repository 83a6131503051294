package dev.bioprompt.backbone.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The device a benchmark runs on: the system property {@code bioprompt.device} ({@code cpu}, {@code gpu},
 * {@code gpu:N}), else the engine's default device (the first GPU when there is one).
 */
public final class BenchDevice {

    /** The system property's name. */
    public static final String PROPERTY = "bioprompt.device";

    private BenchDevice() {
    }

    /** The configured device. */
    public static Device fromProperty() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    /**
     * A device name: empty for the engine's default, {@code cpu}, {@code gpu} or {@code gpu:N}.
     *
     * @throws IllegalArgumentException naming the property when the name is none of these
     */
    static Device parse(String value) {
        String name = value.trim();
        if (name.isEmpty()) {
            return Engine.getInstance().defaultDevice();
        }
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.equals("gpu")) {
            return Device.gpu();
        }
        if (name.matches("gpu:\\d+")) {
            return Device.gpu(Integer.parseInt(name.substring(4)));
        }
        throw new IllegalArgumentException("system property " + PROPERTY + " expects cpu, gpu or gpu:N, was '" + value
                + "'");
    }
}
