package dev.bioprompt.runners.natives;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the machine offers for native libraries, found before the engine loads.
 *
 * @param nvidiaDriver true when an NVIDIA kernel driver is loaded
 * @param driverDescription the driver's own version line, or empty
 */
public record HostFacts(boolean nvidiaDriver, String driverDescription) {

    /** Where the Linux NVIDIA driver reports its version. */
    public static final Path NVIDIA_VERSION_FILE = Path.of("/proc/driver/nvidia/version");

    public HostFacts {
        requireNonNull(driverDescription, "driverDescription is null");
    }

    /** A machine without an NVIDIA driver. */
    public static HostFacts noGpu() {
        return new HostFacts(false, "");
    }

    /** Looks at this machine: the driver's version file, else the first device node. */
    public static HostFacts detect() {
        return detect(NVIDIA_VERSION_FILE, Path.of("/dev/nvidia0"));
    }

    static HostFacts detect(Path versionFile, Path deviceNode) {
        Optional<String> version = firstLine(versionFile);
        if (version.isPresent()) {
            return new HostFacts(true, version.get());
        }
        return Files.exists(deviceNode) ? new HostFacts(true, deviceNode.toString()) : noGpu();
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file).stream().findFirst().map(String::trim)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
