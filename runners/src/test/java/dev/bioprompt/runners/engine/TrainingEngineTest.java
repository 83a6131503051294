package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingEngineTest {

    private static final TrainingSettings SETTINGS = new TrainingSettings(6, 4, 0.05, 1, 1e-5, 0.9, 5e-4, 1);

    @TempDir
    Path tmp;

    private NDManager root;
    private final InMemoryImages train = ToyData.images("train", ToyData.CLASSES, 6, 1);

    @BeforeEach
    void open() {
        root = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        root.close();
    }

    private LinearProbeLearner learner(long seed) {
        return new LinearProbeLearner(root.newSubManager(), ToyData.CLASSES, ToyData.DIMS, seed, 0.1f);
    }

    @Test
    void learnsAndReportsEveryEpoch() {
        RecordingRun run = new RecordingRun();
        List<EpochMetrics> heard = new ArrayList<>();
        try (LinearProbeLearner learner = learner(1)) {
            TrainingSummary summary = new TrainingEngine(SETTINGS,
                    TrainingOptions.none().withRun(run).withListener(heard::add).withProgress(true))
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());

            assertThat(summary.epochs()).isEqualTo(6);
            assertThat(summary.resumedFrom()).isZero();
            assertThat(heard).hasSize(6).isEqualTo(summary.history());
            EpochMetrics first = summary.history().get(0);
            EpochMetrics last = summary.last().orElseThrow();
            assertThat(last.loss()).isLessThan(first.loss() / 2);
            assertThat(last.accuracy()).isGreaterThanOrEqualTo(95.0);
            assertThat(last.steps()).isEqualTo(4); // 18 images, batch 4, drop_last
            assertThat(learner.afterStepCalls).hasValue(24);
            assertThat(last.loss()).isCloseTo(last.terms().get("ce") + last.terms().get("l2"), within(1e-5));

            LearningRateSchedule schedule = LearningRateSchedule.of(SETTINGS);
            assertThat(run.metrics).extracting(RecordingRun.Logged::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            for (RecordingRun.Logged logged : run.metrics) {
                assertThat(logged.metrics()).containsKeys("train_loss", "train_loss_ce", "train_loss_l2",
                        "train_accuracy", "learning_rate");
                assertThat(logged.metrics().get("learning_rate")).isEqualTo(schedule.rateAt((int) logged.step() - 1));
            }
        }
    }

    @Test
    void resumedRunEndsWithTheSameTensorsAsAnUninterruptedOne() throws IOException {
        float[] uninterrupted;
        try (LinearProbeLearner learner = learner(1)) {
            new TrainingEngine(SETTINGS, TrainingOptions.none().withCheckpoints(tmp.resolve("a")))
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());
            uninterrupted = learner.weights();
        }

        Path dir = tmp.resolve("b");
        try (LinearProbeLearner learner = learner(1)) {
            EpochListener crashAfterThirdEpoch = m -> {
                if (m.epoch() == 2) {
                    throw new IllegalStateException("simulated crash");
                }
            };
            TrainingEngine engine = new TrainingEngine(SETTINGS,
                    TrainingOptions.none().withCheckpoints(dir).withListener(crashAfterThirdEpoch));
            assertThatThrownBy(() -> engine.train(root, LinearProbeLearner.METHOD, learner, train, Set.of()))
                    .hasMessage("simulated crash");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("epoch-0003");
        }

        try (LinearProbeLearner fresh = learner(99)) {
            TrainingSummary summary = new TrainingEngine(SETTINGS, TrainingOptions.none().withCheckpoints(dir))
                    .train(root, LinearProbeLearner.METHOD, fresh, train, Set.of());
            assertThat(summary.resumedFrom()).isEqualTo(3);
            assertThat(summary.history()).extracting(EpochMetrics::epoch).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(fresh.weights()).containsExactly(uninterrupted);
        }
    }

    @Test
    void enginesOnDifferentThreadsTrainAtTheSameTime() throws Exception {
        float[] alone;
        try (LinearProbeLearner learner = learner(1)) {
            new TrainingEngine(SETTINGS, TrainingOptions.none())
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());
            alone = learner.weights();
        }
        // every step of both runs waits for the other run's step: both threads are inside a step at the same time
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(threads.submit(() -> {
                    try (NDManager own = NDManager.newBaseManager();
                         LinearProbeLearner learner = new LinearProbeLearner(own.newSubManager(), ToyData.CLASSES,
                                 ToyData.DIMS, 1, 0.1f)) {
                        learner.beforeLoss = () -> await(together);
                        new TrainingEngine(SETTINGS, TrainingOptions.none())
                                .train(own, LinearProbeLearner.METHOD, learner, train, Set.of());
                        return learner.weights();
                    }
                }));
            }
            for (Future<float[]> run : runs) {
                assertThat(run.get(2, TimeUnit.MINUTES)).containsExactly(alone);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other run did not reach its step", e);
        }
    }

    @Test
    void finishedRunIsNotTrainedAgain() {
        Path dir = tmp.resolve("done");
        float[] trained;
        try (LinearProbeLearner learner = learner(1)) {
            new TrainingEngine(SETTINGS, TrainingOptions.none().withCheckpoints(dir))
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());
            trained = learner.weights();
        }
        try (LinearProbeLearner again = learner(5)) {
            TrainingSummary summary = new TrainingEngine(SETTINGS, TrainingOptions.none().withCheckpoints(dir))
                    .train(root, LinearProbeLearner.METHOD, again, train, Set.of());
            assertThat(summary.resumedFrom()).isEqualTo(6);
            assertThat(again.afterStepCalls).hasValue(0);
            assertThat(again.weights()).containsExactly(trained);
        }
    }

    @Test
    void checkpointOfOtherSettingsIsRefused() {
        Path dir = tmp.resolve("other");
        try (LinearProbeLearner learner = learner(1)) {
            new TrainingEngine(SETTINGS.withEpochs(1), TrainingOptions.none().withCheckpoints(dir))
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());
            TrainingEngine engine = new TrainingEngine(SETTINGS, TrainingOptions.none().withCheckpoints(dir));
            assertThatThrownBy(() -> engine.train(root, LinearProbeLearner.METHOD, learner, train, Set.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString())
                    .hasMessageContaining("same settings");
            assertThatThrownBy(() -> engine.train(root, "coop", learner, train, Set.of()))
                    .hasMessageContaining("belongs to method 'linear-probe'");
        }
    }

    @Test
    void divergingLossStopsWithMethodEpochAndTerm() {
        TrainingSettings exploding = new TrainingSettings(3, 4, 1e30, 0, 1e-5, 0.9, 5e-4, 1);
        try (LinearProbeLearner learner = learner(1)) {
            TrainingEngine engine = new TrainingEngine(exploding, TrainingOptions.none());
            assertThatThrownBy(() -> engine.train(root, LinearProbeLearner.METHOD, learner, train, Set.of()))
                    .isInstanceOf(NonFiniteLossException.class)
                    .hasMessageContaining("method 'linear-probe'")
                    .hasMessageContaining("epoch 1/3")
                    .hasMessageMatching(".*(loss term '(ce|l2)'|the total loss) became (NaN|Infinity|-Infinity).*");
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (LinearProbeLearner learner = learner(1)) {
            int before = root.getManagedArrays().size();
            new TrainingEngine(SETTINGS.withEpochs(2), TrainingOptions.none())
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());
            int afterTwo = root.getManagedArrays().size();
            new TrainingEngine(SETTINGS.withEpochs(6), TrainingOptions.none())
                    .train(root, LinearProbeLearner.METHOD, learner, train, Set.of());
            assertThat(root.getManagedArrays().size()).isEqualTo(afterTwo).isEqualTo(before);
        }
    }
}
