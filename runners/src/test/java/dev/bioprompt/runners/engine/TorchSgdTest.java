package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.promptset.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TorchSgdTest {

    // loss = 0.5 * sum(c * w^2), so grad = c * w
    private static final float[] C = {1f, 3f};
    private static final double[] RATES = {0.1, 0.05, 0.02, 0.005};
    // torch.optim.SGD(momentum=0.9, weight_decay=0.01) from w = [1, -2], computed step by step in float32:
    // step 1: d = [1.01, -6.02], buf = d, w = [0.899, -1.398]
    // step 2: d = [0.90799, -4.20798], buf = [1.81699, -9.62598], w = [0.8081505, -0.9167010]
    private static final float[][] TORCH = {
            {0.8989999890327454f, -1.3980000019073486f},
            {0.8081504702568054f, -0.9167009592056274f},
            {0.759119987487793f, -0.6882479190826416f},
            {0.7442545890808105f, -0.6264878511428833f}};

    private NDManager root;

    @BeforeEach
    void open() {
        root = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        root.close();
    }

    @Test
    void matchesTorchWhenTheRateChanges() {
        NDArray w = parameter();
        try (TorchSgd sgd = new TorchSgd(root, 0.9, 0.01)) {
            for (int i = 0; i < RATES.length; i++) {
                backward(w);
                sgd.step(Map.of("w", w), RATES[i]);
                float[] got = w.toFloatArray();
                assertThat(got[0]).as("step %d", i + 1).isCloseTo(TORCH[i][0], within(1e-6f));
                assertThat(got[1]).as("step %d", i + 1).isCloseTo(TORCH[i][1], within(1e-6f));
            }
        }
    }

    @Test
    void zeroesTheGradientAfterTheUpdate() {
        NDArray w = parameter();
        try (TorchSgd sgd = new TorchSgd(root, 0.9, 5e-4)) {
            backward(w);
            sgd.step(Map.of("w", w), 0.1);
            try (NDArray grad = w.getGradient()) {
                assertThat(grad.toFloatArray()).containsExactly(0f, 0f);
            }
        }
    }

    @Test
    void restoredMomentumContinuesExactly() {
        NDArray uninterrupted = parameter();
        NDArray resumed = parameter();
        try (TorchSgd a = new TorchSgd(root, 0.9, 0.01); TorchSgd b = new TorchSgd(root, 0.9, 0.01)) {
            for (int i = 0; i < 2; i++) {
                backward(uninterrupted);
                a.step(Map.of("w", uninterrupted), RATES[i]);
                backward(resumed);
                b.step(Map.of("w", resumed), RATES[i]);
            }
            Map<String, NDArray> saved = b.exportState(root);
            assertThat(saved).containsOnlyKeys("w");
            try (TorchSgd restored = new TorchSgd(root, 0.9, 0.01)) {
                restored.importState(saved);
                for (int i = 2; i < RATES.length; i++) {
                    backward(uninterrupted);
                    a.step(Map.of("w", uninterrupted), RATES[i]);
                    backward(resumed);
                    restored.step(Map.of("w", resumed), RATES[i]);
                }
            }
            assertThat(resumed.toFloatArray()).containsExactly(uninterrupted.toFloatArray());
            assertThat(resumed.toFloatArray()[0]).isCloseTo(TORCH[3][0], within(1e-6f));
        }
    }

    @Test
    void aNonFiniteGradientIsNotAppliedAndIsCleared() {
        NDArray w = parameter();
        try (TorchSgd sgd = new TorchSgd(root, 0.9, 0.01)) {
            try (NDManager step = root.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray poison = step.create(new float[] {Float.NaN, 1f});
                collector.backward(poison.mul(w).sum());
            }
            assertThat(sgd.step(Map.of("w", w), 0.1)).isFalse();
            assertThat(w.toFloatArray()).containsExactly(1f, -2f);
            assertThat(sgd.exportState(root)).as("no momentum from a skipped step").isEmpty();
            backward(w);
            assertThat(sgd.step(Map.of("w", w), 0.1)).as("the next finite step applies").isTrue();
            assertThat(w.toFloatArray()[0]).isCloseTo(TORCH[0][0], within(1e-6f));
        }
    }

    private NDArray parameter() {
        NDArray w = root.create(new float[] {1f, -2f});
        w.setRequiresGradient(true);
        return w;
    }

    /**
     * A checkpoint's momentum arrives as arrays made from Java memory ({@code manager.create(float[])}), in a scope
     * that closes right after the import; the restored buffers must not share that memory, which the collector frees.
     */
    @Test
    void restoredMomentumOwnsItsMemoryAfterTheCheckpointArraysAreGone() {
        float[] saved = new float[4096];
        for (int i = 0; i < saved.length; i++) {
            saved[i] = i * 0.25f;
        }
        try (TorchSgd sgd = new TorchSgd(root, 0.9, 0)) {
            try (NDManager scope = root.newSubManager()) {
                sgd.importState(NdTensors.toArrays(scope, Map.of("w",
                        new Tensor(new long[] {saved.length}, saved))));
            }
            for (int round = 0; round < 20; round++) {
                System.gc();
                List<ByteBuffer> churn = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(saved.length * 4);
                    for (int j = 0; j < saved.length; j += 64) {
                        b.putFloat(j * 4, Float.NaN);
                    }
                    churn.add(b);
                }
                assertThat(churn).hasSize(2000);
            }
            try (NDManager out = root.newSubManager()) {
                assertThat(sgd.exportState(out).get("w").toFloatArray()).containsExactly(saved);
            }
        }
    }

    private void backward(NDArray w) {
        try (NDManager step = root.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray c = step.create(C);
            NDArray loss = ScalarOps.mul(c.mul(w).mul(w).sum(), 0.5);
            collector.backward(loss);
        }
    }
}
