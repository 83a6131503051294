package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.FittedLearner;
import dev.bioprompt.api.method.FittingData;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.data.augment.Augmentations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fitting path: a method whose learner is a {@link FittedLearner} is fitted by the engine from frozen features of
 * the support (per augmented pass) and validation sets, then evaluated and exported like any other.
 */
class FeatureFittingTest {

    private static final List<String> CLASSES = List.of("tumor", "normal brain");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static VisionLanguageModel model;
    private static NDManager root;

    @BeforeAll
    static void load() {
        model = TinyBiomedClip.load();
        root = NDManager.newBaseManager(model.device());
    }

    @AfterAll
    static void close() {
        root.close();
        model.close();
    }

    /** What the fit saw. */
    static final class Seen {
        final List<float[]> passes = new ArrayList<>();
        float[] repeatedPass0;
        float[] validation;
        int[] supportLabels;
        int[] validationLabels;
        int fits;
    }

    /** Nearest class mean of normalised pass-0 features; records what the engine handed over. */
    static final class CentroidMethod implements PromptMethod {
        final Seen seen = new Seen();
        final boolean fitted;

        CentroidMethod(boolean fitted) {
            this.fitted = fitted;
        }

        @Override
        public String name() {
            return "centroid";
        }

        @Override
        public String description() {
            return "nearest class mean";
        }

        @Override
        public List<MethodParameter> parameters() {
            return List.of();
        }

        @Override
        public TrainingDefaults trainingDefaults() {
            return TrainingDefaults.untrained();
        }

        @Override
        public boolean fitsFromFeatures() {
            return true;
        }

        @Override
        public PromptLearner create(MethodContext context) {
            return fitted ? new CentroidLearner(seen) : new LinearProbeLearner(context.manager(),
                    context.classNames(), 4, 1, 0.01f);
        }
    }

    static final class CentroidLearner implements FittedLearner {
        private final Seen seen;
        private float[] centroids;
        private int dim;

        CentroidLearner(Seen seen) {
            this.seen = seen;
        }

        @Override
        public void fit(NDManager manager, FittingData data) {
            seen.fits++;
            seen.supportLabels = data.supportLabels();
            seen.validationLabels = data.validationLabels();
            for (int p = 0; p < 2; p++) {
                seen.passes.add(data.supportFeatures(manager, p).toFloatArray());
            }
            seen.repeatedPass0 = data.supportFeatures(manager, 0).toFloatArray();
            seen.validation = data.validationFeatures(manager).toFloatArray();
            NDArray f = data.supportFeatures(manager, 0);
            f = f.div(f.norm(new int[] {-1}, true));
            dim = (int) f.getShape().get(1);
            centroids = new float[CLASSES.size() * dim];
            int[] labels = data.supportLabels();
            float[] values = f.toFloatArray();
            for (int n = 0; n < labels.length; n++) {
                for (int j = 0; j < dim; j++) {
                    centroids[labels[n] * dim + j] += values[n * dim + j];
                }
            }
            data.logMetric("fit/centroids", CLASSES.size(), 0);
        }

        @Override
        public Map<String, NDArray> trainable() {
            return Map.of();
        }

        @Override
        public LossResult loss(NDManager manager, TrainingBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Classifier classifier(NDManager manager, List<String> classNames) {
            return new Classifier() {
                @Override
                public List<String> classNames() {
                    return classNames;
                }

                @Override
                public NDArray encodeImages(NDManager m, NDArray images) {
                    return model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
                }

                @Override
                public NDArray logits(NDManager m, NDArray features) {
                    NDArray c = m.create(centroids, new Shape(CLASSES.size(), dim));
                    return features.matMul(c.transpose());
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Map<String, NDArray> exportTensors(NDManager manager) {
            return Map.of("centroids", manager.create(centroids));
        }

        @Override
        public void importTensors(Map<String, NDArray> tensors) {
            centroids = tensors.get("centroids").toFloatArray();
        }

        @Override
        public void close() {
        }
    }

    private MethodRun run(PromptMethod method, RecordingRun tracked) {
        ImageSet support = ToyImages.set("train", CLASSES, 3, 1);
        ImageSet validation = ToyImages.set("val", CLASSES, 1, 5);
        FewShotTask task = new FewShotTask("TOY", Protocol.FEW_SHOT, 3, 1, support, validation,
                List.of(ToyImages.set("test", CLASSES, 3, 2)));
        return MethodRun.forTask(method, model, task, new DatasetInfo("TOY", "MRI", "brain", CLASSES, List.of(),
                Map.of()), ClassDescriptions.none(), MethodParameters.of(Map.of()),
                Augmentations.train(model.preprocessor().imageSize()), Map.of(),
                TrainingOptions.none().withRun(tracked));
    }

    @Test
    void fitsOnceFromCachedPassesAndValidationFeatures() {
        CentroidMethod method = new CentroidMethod(true);
        RecordingRun tracked = new RecordingRun();
        RunResult result = run(method, tracked).execute(root, CLOCK);
        Seen seen = method.seen;
        assertThat(seen.fits).isEqualTo(1);
        assertThat(result.training().history()).isEmpty();
        assertThat(seen.supportLabels).containsExactly(0, 1, 0, 1, 0, 1);
        assertThat(seen.validationLabels).containsExactly(0, 1);
        assertThat(seen.repeatedPass0).as("a pass is encoded once and is the same when asked again")
                .containsExactly(seen.passes.get(0));
        assertThat(seen.passes.get(1)).as("each pass draws its own augmentation").isNotEqualTo(seen.passes.get(0));
        // the validation features are the backbone's features of the evaluation transform
        try (NDManager m = root.newSubManager()) {
            NDArray images = ImageSetImages.evaluation(ToyImages.set("val", CLASSES, 1, 5), model.preprocessor())
                    .load(m, 0, 2);
            float[] expected = model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled()
                    .toFloatArray();
            assertThat(seen.validation).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(seen.validation[i]).isCloseTo(expected[i], Assertions.within(1e-5f));
            }
        }
        assertThat(result.metrics()).containsKey("accuracy");
        assertThat(result.promptSet().tensors()).containsKey("centroids");
        assertThat(tracked.metrics).anySatisfy(l -> assertThat(l.metrics()).containsKey("fit/centroids"));
    }

    @Test
    void aFittedMethodWhoseLearnerCannotFitIsAnError() {
        assertThatThrownBy(() -> run(new CentroidMethod(false), new RecordingRun()).execute(root, CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("centroid").hasMessageContaining("not a FittedLearner");
    }
}
