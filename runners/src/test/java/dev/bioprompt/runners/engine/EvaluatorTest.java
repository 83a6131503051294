package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.task.Protocol;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private NDManager root;
    private LinearProbeLearner learner;

    @BeforeEach
    void trainOnce() {
        root = NDManager.newBaseManager();
        learner = new LinearProbeLearner(root.newSubManager(), ToyData.CLASSES, ToyData.DIMS, 1, 0.01f);
        new TrainingEngine(new TrainingSettings(5, 4, 0.05, 1, 1e-5, 0.9, 5e-4, 1), TrainingOptions.none())
                .train(root, LinearProbeLearner.METHOD, learner, ToyData.images("train", ToyData.CLASSES, 6, 1),
                        Set.of());
    }

    @AfterEach
    void close() {
        learner.close();
        root.close();
    }

    @Test
    void encodesEachSetOnceAndReusesTheFeatures() {
        InMemoryImages test = ToyData.images("test", ToyData.CLASSES, 10, 7); // 30 images -> 4 batches of 8
        try (FeatureCache cache = new FeatureCache(root, 1 << 20);
             Classifier first = learner.classifier(root, ToyData.CLASSES);
             Classifier second = learner.classifier(root, ToyData.CLASSES)) {
            Evaluator evaluator = new Evaluator(root, 8, cache);
            SetEvaluation a = evaluator.evaluate(first, "final", test);
            assertThat(learner.encodeCalls).hasValue(4);
            SetEvaluation b = evaluator.evaluate(second, "final", test);
            assertThat(learner.encodeCalls).as("features come from the cache").hasValue(4);
            assertThat(b.predictions()).containsExactly(a.predictions());
            assertThat(a.metrics().accuracy()).isGreaterThan(90.0);
            assertThat(a.metrics().count()).isEqualTo(30);
            assertThat(cache.bytes()).isEqualTo(30L * ToyData.DIMS * 4);

            evaluator.evaluate(first, "other-state", test);
            assertThat(learner.encodeCalls).as("another feature state encodes again").hasValue(8);
        }
    }

    @Test
    void setsLargerThanTheCacheAreStreamedWithTheSameResult() {
        InMemoryImages test = ToyData.images("test", ToyData.CLASSES, 10, 7);
        try (FeatureCache none = new FeatureCache(root, 0); FeatureCache big = new FeatureCache(root, 1 << 20);
             Classifier classifier = learner.classifier(root, ToyData.CLASSES)) {
            SetEvaluation streamed = new Evaluator(root, 7, none).evaluate(classifier, "final", test);
            SetEvaluation cached = new Evaluator(root, 7, big).evaluate(classifier, "final", test);
            assertThat(none.bytes()).isZero();
            assertThat(streamed.predictions()).containsExactly(cached.predictions());
        }
    }

    @Test
    void refusesAClassifierForOtherClasses() {
        InMemoryImages test = ToyData.images("test", ToyData.CLASSES, 2, 7);
        try (FeatureCache cache = new FeatureCache(root, 1 << 20);
             Classifier classifier = learner.classifier(root, List.of("normal brain", "glioma tumor"))) {
            assertThatThrownBy(() -> new Evaluator(root, 8, cache).evaluate(classifier, "final", test))
                    .hasMessageContaining("set 'test'");
        }
    }

    @Test
    void baseToNovelUsesEachSetsOwnClassNames() {
        // novel classes listed in another order than in training: labels follow the set's own names
        InMemoryImages base = ToyData.images("base", List.of("glioma tumor", "meningioma tumor"), 10, 3);
        InMemoryImages novel = ToyData.images("novel", List.of("normal brain", "glioma tumor"), 10, 4);
        try (FeatureCache cache = new FeatureCache(root, 1 << 20)) {
            EvaluationReport report = new ProtocolEvaluator(new Evaluator(root, 16, cache))
                    .evaluate(root, learner, "final", Protocol.BASE_TO_NOVEL, List.of(base, novel));
            double b = report.metrics().get("base_accuracy");
            double n = report.metrics().get("novel_accuracy");
            assertThat(b).isGreaterThan(90.0);
            assertThat(n).isGreaterThan(90.0);
            assertThat(report.metrics().get("hm")).isEqualTo(Metrics.harmonicMean(b, n));
            assertThat(report.sets()).extracting(SetEvaluation::name).containsExactly("base", "novel");
            assertThat(report.sets().get(1).classNames()).containsExactly("normal brain", "glioma tumor");
        }
    }

    @Test
    void crossDatasetNamesEveryTarget() {
        InMemoryImages source = ToyData.images("test", ToyData.CLASSES, 4, 3);
        InMemoryImages target = ToyData.images("target:RETINA", List.of("meningioma tumor", "normal brain"), 4, 5);
        try (FeatureCache cache = new FeatureCache(root, 1 << 20)) {
            EvaluationReport report = new ProtocolEvaluator(new Evaluator(root, 16, cache))
                    .evaluate(root, learner, "final", Protocol.CROSS_DATASET, List.of(source, target));
            assertThat(report.metrics()).containsKeys("test_accuracy", "target_RETINA_accuracy",
                    "target_RETINA_macro_f1", "mean_accuracy");
            assertThat(report.metrics().get("mean_accuracy")).isEqualTo(
                    (report.metrics().get("test_accuracy") + report.metrics().get("target_RETINA_accuracy")) / 2);
        }
    }

    @Test
    void baseToNovelWithoutANovelSetIsRefused() {
        InMemoryImages base = ToyData.images("base", List.of("glioma tumor", "meningioma tumor"), 2, 3);
        try (FeatureCache cache = new FeatureCache(root, 1 << 20)) {
            ProtocolEvaluator evaluator = new ProtocolEvaluator(new Evaluator(root, 16, cache));
            assertThatThrownBy(() -> evaluator.evaluate(root, learner, "final", Protocol.BASE_TO_NOVEL,
                    List.of(base))).hasMessageContaining("'novel'");
        }
    }
}
