package dev.bioprompt.runners.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrarySelectorTest {

    private static final HostFacts DRIVER = new HostFacts(true, "NVRM version: 570.86");
    private static final HostFacts NO_DRIVER = HostFacts.noGpu();

    @TempDir
    Path dir;

    private static NativeLibrarySelector.Request request(TorchFlavor flavor, Path library, boolean download,
                                                         boolean gpu) {
        return new NativeLibrarySelector.Request(flavor, Optional.ofNullable(library), download, gpu);
    }

    private Path libtorch(boolean cuda) throws IOException {
        Path lib = Files.createDirectories(dir.resolve(cuda ? "cu128/lib" : "cpu/lib"));
        Files.write(lib.resolve(System.mapLibraryName("torch")), new byte[0]);
        if (cuda) {
            Files.write(lib.resolve(System.mapLibraryName("torch_cuda")), new byte[0]);
        }
        return lib;
    }

    @Test
    void theRequiredVersionComesFromTheBundledJniLibrary() {
        assertThat(NativeLibrarySelector.requiredTorchVersion()).isEqualTo("2.7.1");
    }

    @Test
    void autoWithoutADriverLoadsTheBundledCpuJarOffline() {
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, false, false), NO_DRIVER,
                Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CPU);
        assertThat(plan.library()).isEmpty();
        assertThat(plan.offline()).isTrue();
        assertThat(plan.notices()).isEmpty();
        assertThat(plan.environment()).containsExactly(Map.entry("PYTORCH_FLAVOR", "cpu"),
                Map.entry("DJL_OFFLINE", "true"));
    }

    @Test
    void autoWithADriverButNoCudaLibraryRunsOnTheCpuAndSaysHowToUseTheGpu() {
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, false, false), DRIVER,
                Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CPU);
        assertThat(plan.notices()).singleElement().asString().contains("engine.torch-library", "cu128",
                "engine.torch-download=true");
    }

    @Test
    void autoWithADriverAndAGpuRequestedButNoCudaLibraryIsRefused() {
        assertThatThrownBy(() -> NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, false, true), DRIVER,
                Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GPU device was requested").hasMessageContaining("engine.torch-library");
    }

    @Test
    void autoWithADriverAndDownloadAllowedDownloadsTheCudaNatives() {
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, true, true), DRIVER,
                Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CU128);
        assertThat(plan.downloads()).isTrue();
        assertThat(plan.environment()).containsEntry("PYTORCH_FLAVOR", "cu128")
                .containsEntry("PYTORCH_VERSION", "2.7.1").containsEntry("DJL_OFFLINE", "false")
                .doesNotContainKey("PYTORCH_LIBRARY_PATH");
    }

    @Test
    void autoWithoutADriverNeverDownloads() {
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, true, false), NO_DRIVER,
                Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CPU);
        assertThat(plan.offline()).isTrue();
    }

    @Test
    void autoWithALibraryFolderTakesItsFlavorFromItsFiles() throws IOException {
        Path cuda = libtorch(true);
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.AUTO, cuda, false, true), DRIVER,
                Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CU128);
        assertThat(plan.environment()).containsEntry("PYTORCH_LIBRARY_PATH", cuda.toString())
                .containsEntry("PYTORCH_FLAVOR", "cu128").containsEntry("PYTORCH_VERSION", "2.7.1")
                .containsEntry("DJL_OFFLINE", "true");

        Path cpu = libtorch(false);
        assertThat(NativeLibrarySelector.plan(request(TorchFlavor.AUTO, cpu, false, false), DRIVER, Map.of())
                .flavor()).isEqualTo(TorchFlavor.CPU);
    }

    @Test
    void cu128WithALibraryFolderButNoDriverWarnsThatNoGpuWillBeSeen() throws IOException {
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.CU128, libtorch(true), false, false),
                NO_DRIVER, Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CU128);
        assertThat(plan.notices()).singleElement().asString().contains("no NVIDIA driver");
    }

    @Test
    void cu128WithoutALibraryOrDownloadIsRefusedWithTheFix() {
        assertThatThrownBy(() -> NativeLibrarySelector.plan(request(TorchFlavor.CU128, null, false, true), DRIVER,
                Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engine.torch-flavor=cu128 needs a CUDA libtorch 2.7.1")
                .hasMessageContaining("torch==2.7.1+cu128");
    }

    @Test
    void cpuIsTheBundledJarEvenWithADriver() {
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.CPU, null, true, false), DRIVER,
                Map.of());
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CPU);
        assertThat(plan.offline()).isTrue();
    }

    @Test
    void aLibraryFolderWithoutLibtorchIsRefusedNamingTheFolder() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> NativeLibrarySelector.plan(request(TorchFlavor.CU128, empty, false, true), DRIVER,
                Map.of())).hasMessageContaining(empty.toString()).hasMessageContaining("libtorch.so");
        assertThatThrownBy(() -> NativeLibrarySelector.plan(request(TorchFlavor.CU128, dir.resolve("missing"), false,
                true), DRIVER, Map.of())).hasMessageContaining("not a folder");
    }

    @Test
    void environmentVariablesAreHonouredAndConflictsAreRefused() throws IOException {
        Path cuda = libtorch(true);
        NativeLibraryPlan plan = NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, false, true), DRIVER,
                Map.of("PYTORCH_LIBRARY_PATH", cuda.toString(), "PYTORCH_FLAVOR", "cu128"));
        assertThat(plan.flavor()).isEqualTo(TorchFlavor.CU128);
        assertThat(plan.library()).contains(cuda);
        assertThat(plan.source()).contains("environment");

        assertThatThrownBy(() -> NativeLibrarySelector.plan(request(TorchFlavor.CPU, null, false, false), DRIVER,
                Map.of("PYTORCH_FLAVOR", "cu128"))).hasMessageContaining("conflicts with engine.torch-flavor=cpu");
        assertThatThrownBy(() -> NativeLibrarySelector.plan(request(TorchFlavor.AUTO, null, false, false), DRIVER,
                Map.of("PYTORCH_VERSION", "2.5.1"))).hasMessageContaining("needs libtorch 2.7.1");
    }

    @Test
    void aGpuRequestedWhileTheCpuLibraryIsLoadedIsAnErrorNamingTheFlavorAndTheFix() {
        NativeLibraryPlan cpu = NativeLibrarySelector.plan(request(TorchFlavor.CPU, null, false, false), NO_DRIVER,
                Map.of());
        assertThatThrownBy(() -> NativeLibrarySelector.requireDevices(cpu, List.of(0), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gpu:0")
                .hasMessageContaining("cpu libtorch 2.7.1").hasMessageContaining("engine.torch-library");
        NativeLibrarySelector.requireDevices(cpu, List.of(), 0);
    }

    @Test
    void theDriverIsFoundFromItsVersionFileOrDeviceNode() throws IOException {
        Path version = Files.writeString(dir.resolve("version"), "NVRM version: NVIDIA UNIX x86_64 Kernel Module 570\n");
        assertThat(HostFacts.detect(version, dir.resolve("none")).nvidiaDriver()).isTrue();
        assertThat(HostFacts.detect(version, dir.resolve("none")).driverDescription()).startsWith("NVRM");
        assertThat(HostFacts.detect(dir.resolve("none"), dir.resolve("none")).nvidiaDriver()).isFalse();
        Path node = Files.write(dir.resolve("nvidia0"), new byte[0]);
        assertThat(HostFacts.detect(dir.resolve("none"), node).nvidiaDriver()).isTrue();
    }

    @Test
    void unknownFlavorsNameTheKey() {
        assertThatThrownBy(() -> TorchFlavor.parse("cu121")).hasMessageContaining("engine.torch-flavor")
                .hasMessageContaining("auto, cpu or cu128");
    }
}
