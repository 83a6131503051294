package dev.bioprompt.runners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The resident memory of this process, native allocations included, as the Linux kernel counts it. */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** The peak resident set size ({@code VmHWM}) so far, or empty where the kernel does not report it. */
    public static Optional<Long> peakResidentBytes() {
        return field(STATUS, "VmHWM:");
    }

    /** The current resident set size ({@code VmRSS}), or empty where the kernel does not report it. */
    public static Optional<Long> residentBytes() {
        return field(STATUS, "VmRSS:");
    }

    static Optional<Long> field(Path status, String name) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Optional.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code 1.23 GiB} or {@code 456 MiB}. */
    public static String human(long bytes) {
        double gib = bytes / (double) (1L << 30);
        return gib >= 1 ? String.format(Locale.ROOT, "%.2f GiB", gib)
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
