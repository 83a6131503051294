package dev.bioprompt.methods.fsclip;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.TrainingDefaults;
import org.junit.jupiter.api.Test;

/** CLIP-Adapter's blended feature by hand, and the engine options it chooses. */
class ClipAdapterTest {

    @Test
    void blendedFeatureByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(new float[] {1, 2}, new Shape(1, 2));
            // W1 = [[1, -1]]: f W1^T = -1, relu 0, so A(f) = 0 and f' = 0.5 f
            float[] off = ClipAdapterLearner.adapt(f, m.create(new float[] {1, -1}, new Shape(1, 2)),
                    m.create(new float[] {2, -1}, new Shape(2, 1)), 0.5).toFloatArray();
            assertThat(off).containsExactly(0.5f, 1f);
            // W1 = [[1, 1]]: 3; W2 = [[2], [-1]]: (6, -3), relu (6, 0); f' = 0.5 (6, 0) + 0.5 (1, 2) = (3.5, 1)
            float[] on = ClipAdapterLearner.adapt(f, m.create(new float[] {1, 1}, new Shape(1, 2)),
                    m.create(new float[] {2, -1}, new Shape(2, 1)), 0.5).toFloatArray();
            assertThat(on).containsExactly(3.5f, 1f);
        }
    }

    @Test
    void engineOptionsAreTheReferences() {
        TrainingDefaults d = new ClipAdapterMethod().trainingDefaults();
        assertThat(d.epochs()).isEqualTo(20);
        assertThat(d.batchSize()).isEqualTo(32);
        assertThat(d.learningRate()).isEqualTo(0.01);
        assertThat(d.momentum()).isZero();
        assertThat(d.weightDecay()).isZero();
        assertThat(d.cosinePeriodIterations()).isEqualTo(20);
        assertThat(d.warmupEpochs()).isEqualTo(1);
        assertThat(d.warmupLearningRate()).isEqualTo(1e-5);
        assertThat(d.keepLastBatch()).isTrue();
        assertThat(d.cropScaleMin()).isEqualTo(0.5);
        assertThat(d.horizontalFlip()).isTrue();
    }
}
