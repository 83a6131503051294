package dev.bioprompt.methods.coop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.methods.toolkit.FeatureMath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeatureMathTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheLabel() {
        NDArray logits = manager.create(new float[] {1, 2, 3, 1, 0, 0}, new Shape(2, 3));
        NDArray labels = manager.create(new long[] {2, 0});
        double first = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double second = -Math.log(Math.exp(1) / (Math.exp(1) + 2));
        assertThat(FeatureMath.crossEntropy(logits, labels).getFloat()).isCloseTo((float) ((first + second) / 2),
                within(1e-6f));
    }

    @Test
    void normalizeGivesUnitRows() {
        NDArray x = manager.create(new float[] {3, 4, 0, 2}, new Shape(2, 2));
        assertThat(FeatureMath.normalize(x).toFloatArray()).containsExactly(new float[] {0.6f, 0.8f, 0, 1},
                within(1e-7f));
    }

    @Test
    void scaledSimilarityIsScaleTimesDotProducts() {
        NDArray a = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
        NDArray b = manager.create(new float[] {0.6f, 0.8f, 1, 0, 0, 1}, new Shape(3, 2));
        assertThat(FeatureMath.scaledSimilarity(a, b, 10f).toFloatArray())
                .containsExactly(new float[] {6, 10, 0, 8, 0, 10}, within(1e-6f));
    }

    @Test
    void oneHotRejectsALabelOutsideTheClasses() {
        NDArray labels = manager.create(new long[] {0, 3});
        assertThatThrownBy(() -> FeatureMath.oneHot(manager, labels, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3");
    }
}
