package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.ModelDimensions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationBudgetTest {

    private static final ModelDimensions BIOMEDCLIP = new ModelDimensions(512, 768, 12, 768, 12, 256, 224);
    private static final long GIB = 1L << 30;

    @Test
    void autoOnTheCpuKeepsTheReferenceBatchWhenMemoryAllowsAndShrinksWhenItDoesNot() {
        EvaluationBudget roomy = EvaluationBudget.choose("auto", "auto", Device.cpu(), Optional.of(16 * GIB),
                BIOMEDCLIP);
        assertThat(roomy.batchSize()).isEqualTo(100);
        assertThat(roomy.featureCacheBytes()).isEqualTo(4 * GIB);

        long perImage = EvaluationBudget.bytesPerImage(BIOMEDCLIP);
        EvaluationBudget tight = EvaluationBudget.choose("auto", "auto", Device.cpu(), Optional.of(40 * perImage),
                BIOMEDCLIP);
        assertThat(tight.batchSize()).isEqualTo(10);
        assertThat(tight.featureCacheBytes()).isEqualTo(10 * perImage);
    }

    @Test
    void autoOnAGpuUsesTheFreeMemoryUpToItsCap() {
        EvaluationBudget big = EvaluationBudget.choose("auto", "auto", Device.gpu(), Optional.of(60 * GIB),
                BIOMEDCLIP);
        assertThat(big.batchSize()).isEqualTo(512);
        assertThat(big.featureCacheBytes()).isEqualTo(15 * GIB);
        EvaluationBudget small = EvaluationBudget.choose("auto", "auto", Device.gpu(), Optional.of(GIB), BIOMEDCLIP);
        assertThat(small.batchSize()).isBetween(1, 511);
    }

    @Test
    void unknownFreeMemoryFallsBackToTheReference() {
        assertThat(EvaluationBudget.choose("", "", Device.gpu(), Optional.empty(), BIOMEDCLIP))
                .isEqualTo(EvaluationBudget.reference());
    }

    @Test
    void explicitValuesWinAndMalformedOnesNameTheirKey() {
        assertThat(EvaluationBudget.choose("32", "512m", Device.cpu(), Optional.of(GIB), BIOMEDCLIP))
                .isEqualTo(new EvaluationBudget(32, 512L << 20));
        assertThatThrownBy(() -> EvaluationBudget.choose("0", "auto", Device.cpu(), Optional.empty(), BIOMEDCLIP))
                .hasMessageContaining("eval.batch-size").hasMessageContaining("positive integer");
        assertThatThrownBy(() -> EvaluationBudget.choose("auto", "lots", Device.cpu(), Optional.empty(), BIOMEDCLIP))
                .hasMessageContaining("eval.feature-cache-size").hasMessageContaining("512m");
    }

    @Test
    void theCpuFreeMemoryComesFromMemAvailable(@TempDir Path dir) throws IOException {
        Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal:       24000000 kB\n"
                + "MemFree:         1000000 kB\nMemAvailable:   20000000 kB\n");
        assertThat(DeviceMemory.availableRam(meminfo)).contains(20000000L * 1024);
        assertThat(DeviceMemory.availableRam(dir.resolve("missing"))).isEmpty();
        assertThat(DeviceMemory.freeBytes(Device.cpu())).isPresent();
    }

    @Test
    void runningOutOfDeviceMemoryNamesTheBatchSizeAndItsSetting() {
        InMemoryImages test = ToyData.images("test", ToyData.CLASSES, 4, 7);
        try (NDManager root = NDManager.newBaseManager(); FeatureCache cache = new FeatureCache(root, 1 << 20)) {
            Classifier exhausted = new Classifier() {
                @Override
                public List<String> classNames() {
                    return ToyData.CLASSES;
                }

                @Override
                public NDArray encodeImages(NDManager manager, NDArray images) {
                    throw new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.1 GiB total)");
                }

                @Override
                public NDArray logits(NDManager manager, NDArray imageFeatures) {
                    throw new AssertionError("not reached");
                }

                @Override
                public void close() {
                }
            };
            assertThatThrownBy(() -> new Evaluator(root, 64, cache).evaluate(exhausted, "final", test))
                    .isInstanceOf(OutOfDeviceMemory.class)
                    .hasMessageContaining("evaluating set 'test'").hasMessageContaining("batches of 64 images")
                    .hasMessageContaining("eval.batch-size").hasMessageContaining("for example 32")
                    .hasRootCauseMessage("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.1 GiB total)");
        }
    }

    @Test
    void otherFailuresPassThroughUnchanged() {
        IllegalStateException other = new IllegalStateException("shape mismatch");
        assertThat(OutOfDeviceMemory.explain(other, "x", 8, "eval.batch-size")).isSameAs(other);
        assertThat(OutOfDeviceMemory.isOutOfMemory(new EngineException("wrapper",
                new RuntimeException("DefaultCPUAllocator: not enough memory: you tried to allocate 1 GB")))).isTrue();
    }
}
