package dev.bioprompt.runners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {

    @Test
    void readsThePeakAndCurrentResidentSizeOfAStatusFile(@TempDir Path dir) throws IOException {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmPeak:\t 9000000 kB\n"
                + "VmHWM:\t  2097152 kB\nVmRSS:\t  1048576 kB\n");
        assertThat(ProcessMemory.field(status, "VmHWM:")).contains(2L << 30);
        assertThat(ProcessMemory.field(status, "VmRSS:")).contains(1L << 30);
        assertThat(ProcessMemory.field(status, "VmSwap:")).isEmpty();
        assertThat(ProcessMemory.field(dir.resolve("missing"), "VmHWM:")).isEmpty();
    }

    @Test
    void thisProcessHasAPeakAtLeastAsLargeAsItsResidentSize() {
        long now = ProcessMemory.residentBytes().orElseThrow();
        long peak = ProcessMemory.peakResidentBytes().orElseThrow();
        assertThat(peak).isGreaterThanOrEqualTo(now).isPositive();
    }

    @Test
    void formatsSizes() {
        assertThat(ProcessMemory.human(3L << 29)).isEqualTo("1.50 GiB");
        assertThat(ProcessMemory.human(456L << 20)).isEqualTo("456 MiB");
    }
}
