package dev.bioprompt.runners.engine;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Free memory of a device: a GPU's as CUDA reports it, the CPU's as the kernel's {@code MemAvailable}. */
public final class DeviceMemory {

    private DeviceMemory() {
    }

    /** Free bytes, or empty when the device does not say. */
    public static Optional<Long> freeBytes(Device device) {
        if (device.isGpu()) {
            try {
                MemoryUsage usage = CudaUtils.getGpuMemory(device);
                return Optional.of(usage.getMax() - usage.getCommitted());
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        }
        return availableRam(Path.of("/proc/meminfo"));
    }

    static Optional<Long> availableRam(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Optional.of(Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
