package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.GradientGuide;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's two-pass backward for losses with a gradient guide, against gradients computed by hand. */
class GuidedGradientsTest {

    private NDManager root;

    @BeforeEach
    void open() {
        root = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        root.close();
    }

    private NDArray parameter(float... values) {
        NDArray w = root.create(values).duplicate();
        w.setRequiresGradient(true);
        return w;
    }

    @Test
    void theCombinationSeesBothGradientsAndItsResultIsWhatRemains() {
        // total = sum(a * w) -> grad a = [3, -1]; guide = sum(w^2) -> grad 2w = [2, 4]; rule: g - h
        NDArray w = parameter(1f, 2f);
        NDArray v = parameter(5f);
        Map<String, String> seen = new LinkedHashMap<>();
        try (NDManager scope = root.newSubManager(); GradMode.Recording recording = GradMode.record()) {
            NDArray total = w.mul(scope.create(new float[] {3f, -1f})).sum().add(v.sum());
            NDArray guide = w.square().sum();
            LossResult result = new LossResult(total, Map.of("ce", total), scope.zeros(new Shape(1, 2)),
                    new GradientGuide(guide, (name, g, h) -> {
                        seen.put(name, Arrays.toString(g.toFloatArray()) + " "
                                + Arrays.toString(h.toFloatArray()));
                        return g.sub(h);
                    }));
            Map<String, NDArray> trainable = new LinkedHashMap<>();
            trainable.put("w", w);
            trainable.put("v", v);
            GuidedGradients.backward(scope, result, trainable, recording::backwardKeepingGraph, recording::backward);
        }
        assertThat(seen).containsEntry("w", "[3.0, -1.0] [2.0, 4.0]")
                .as("a tensor the guide does not reach gets a zero guide gradient")
                .containsEntry("v", "[1.0] [0.0]");
        try (NDArray grad = w.getGradient()) {
            assertThat(grad.toFloatArray()).containsExactly(1f, -5f);
        }
        try (NDArray grad = v.getGradient()) {
            assertThat(grad.toFloatArray()).containsExactly(1f);
        }
    }

    @Test
    void theSgdStepAppliesTheCombinedGradient() {
        NDArray w = parameter(1f, 2f);
        try (NDManager scope = root.newSubManager()) {
            try (GradMode.Recording recording = GradMode.record()) {
                NDArray total = w.mul(scope.create(new float[] {3f, -1f})).sum();
                NDArray guide = w.square().sum();
                LossResult result = new LossResult(total, Map.of(), scope.zeros(new Shape(1, 2)),
                        new GradientGuide(guide, (name, g, h) -> ScalarOps.mul(h, 0.5)));
                GuidedGradients.backward(scope, result, Map.of("w", w), recording::backwardKeepingGraph,
                        recording::backward);
            }
            try (TorchSgd sgd = new TorchSgd(root, 0, 0)) {
                assertThat(sgd.step(Map.of("w", w), 0.1)).isTrue();
            }
        }
        // combined = 0.5 * 2w = w, so w <- w - 0.1 w
        assertThat(w.toFloatArray()).containsExactly(0.9f, 1.8f);
    }

    @Test
    void aCombinationOfTheWrongShapeIsRefused() {
        NDArray w = parameter(1f, 2f);
        try (NDManager scope = root.newSubManager(); GradMode.Recording recording = GradMode.record()) {
            NDArray total = w.sum();
            LossResult result = new LossResult(total, Map.of(), scope.zeros(new Shape(1, 2)),
                    new GradientGuide(w.square().sum(), (name, g, h) -> g.sum()));
            assertThatThrownBy(() -> GuidedGradients.backward(scope, result, Map.of("w", w),
                    recording::backwardKeepingGraph, recording::backward))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w'");
        }
    }
}
