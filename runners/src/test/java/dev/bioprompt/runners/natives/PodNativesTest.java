package dev.bioprompt.runners.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PodNativesTest {

    @Test
    void aGpuCellLoadsTheImagesCudaLibtorchOffline() {
        assertThat(PodNatives.environment(2, PodNatives.IMAGE_LIBRARY)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PYTORCH_FLAVOR", "cu128", "PYTORCH_VERSION", "2.7.1", "PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib",
                "DJL_OFFLINE", "true"));
    }

    @Test
    void aCpuCellOverridesTheImagesCudaDefaultsWithTheBundledCpuLibtorch() {
        assertThat(PodNatives.environment(0, PodNatives.IMAGE_LIBRARY)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PYTORCH_FLAVOR", "cpu", "PYTORCH_LIBRARY_PATH", "", "DJL_OFFLINE", "true"));
    }
}
