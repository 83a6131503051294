package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine options a method's training defaults can choose: plain SGD, a cosine stepped per iteration, and keeping
 * the last batch. A learner whose loss is its single weight has gradient 1 at every step, so with plain SGD the weight
 * ends at minus the sum of the rates of every step taken.
 */
class EngineOptionsTest {

    /** loss = w, so every step subtracts exactly the step's rate. */
    static final class SlopeLearner implements PromptLearner {
        final NDArray w;

        SlopeLearner(NDManager manager) {
            w = manager.zeros(new Shape(1));
            w.setRequiresGradient(true);
        }

        @Override
        public Map<String, NDArray> trainable() {
            return Map.of("w", w);
        }

        @Override
        public LossResult loss(NDManager manager, TrainingBatch batch) {
            NDArray total = w.sum();
            NDArray logits = manager.zeros(new Shape(batch.labels().size(), 3));
            return new LossResult(total, Map.of("w", total), logits);
        }

        @Override
        public Classifier classifier(NDManager manager, List<String> classNames) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, NDArray> exportTensors(NDManager manager) {
            return Map.of();
        }

        @Override
        public void importTensors(Map<String, NDArray> tensors) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void plainSgdWithThePerIterationCosineAndTheLastBatchKept() {
        // 9 images, batch 4, last batch kept: 3 steps per epoch; 2 epochs; 1 warm-up iteration; T = 2 iterations
        TrainingSettings settings = new TrainingSettings(2, 4, 0.1, 1, 0.01, 0, 0, 5, 2, true);
        LearningRateSchedule schedule = LearningRateSchedule.of(settings);
        double expected = 0;
        for (int n = 0; n < 6; n++) {
            expected += schedule.rateAt(n / 3, n % 3, 3);
        }
        // n = 0: warm-up 0.01; n = 1: 0.1; n = 2: 0.05; n = 3: 0; n = 4: 0.05; n = 5: 0.1
        assertThat(expected).isCloseTo(0.31, within(1e-12));
        try (NDManager root = NDManager.newBaseManager()) {
            SlopeLearner learner = new SlopeLearner(root);
            TrainingSummary summary = new TrainingEngine(settings, TrainingOptions.none()).train(root, "slope",
                    learner, ToyData.images("train", ToyData.CLASSES, 3, 1), Set.of());
            assertThat(summary.history()).extracting(EpochMetrics::steps).containsExactly(3, 3);
            assertThat(summary.history()).extracting(EpochMetrics::learningRate).containsExactly(0.01,
                    schedule.rateAt(1, 0, 3));
            assertThat((double) learner.w.getFloat(0)).isCloseTo(-0.31, within(1e-6));
        }
    }
}
