package dev.bioprompt.methods.ogkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OgkdLearnerTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue", "cyst");

    private static VisionLanguageModel model;
    private static NDManager root;

    @BeforeAll
    static void open() {
        model = TinyBiomedClip.open();
        root = NDManager.newBaseManager(model.device());
    }

    @AfterAll
    static void close() {
        root.close();
        model.close();
    }

    private static OgkdLearner learner(NDManager manager, Map<String, String> overrides) {
        return learner(manager, overrides, CLASSES, CLASSES);
    }

    private static OgkdLearner learner(NDManager manager, Map<String, String> overrides, List<String> trained,
                                       List<String> datasetClasses) {
        OgkdMethod method = new OgkdMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", datasetClasses, List.of(), Map.of());
        return (OgkdLearner) method.create(new MethodContext(model, trained, dataset,
                OgkdTestSupport.descriptions(datasetClasses), params, manager, 1));
    }

    private static TrainingBatch batch(NDManager m) {
        m.getEngine().setRandomSeed(9);
        return new TrainingBatch(m.randomNormal(new Shape(3, 3, 64, 64)), m.create(new long[] {2, 0, 1}), Map.of());
    }

    @Test
    void initialContextIsAPhotoOfAAndScoresLikeZeroShot() {
        try (NDManager m = root.newSubManager(); OgkdLearner learner = learner(m, Map.of());
             Classifier classifier = learner.classifier(m, CLASSES)) {
            // 4 x 768 = 3,072 parameters at BiomedCLIP's text width
            assertThat(learner.trainable().get("ctx").getShape()).isEqualTo(new Shape(4, 128));
            NDArray images = batch(m).images();
            NDArray logits = classifier.logits(m, classifier.encodeImages(m, images));
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(
                    List.of("a photo of a tumor.", "a photo of a normal tissue.", "a photo of a cyst."))));
            NDArray image = FeatureMath.normalize(
                    model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
            NDArray zeroShot = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            assertThat(logits.sub(zeroShot).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void classGraphIsRowStochasticOverTheTrainingClasses() {
        try (NDManager m = root.newSubManager(); OgkdLearner learner = learner(m, Map.of())) {
            NDArray graph = learner.graph();
            assertThat(graph.getShape()).isEqualTo(new Shape(3, 3));
            assertThat(graph.sum(new int[] {1}).toFloatArray()).containsExactly(new float[] {1, 1, 1}, within(1e-6f));
            float[] w = graph.toFloatArray();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(w[i * 3 + i]).as("self-similarity is the largest").isGreaterThanOrEqualTo(w[i * 3 + j]);
                }
            }
        }
    }

    @Test
    void novelFoldBackUsesTheUntrainedClassesOfTheDatasetOnlyWhenAskedFor() {
        List<String> base = CLASSES.subList(0, 2);
        Map<String, String> on = Map.of("novel-fold-back", "true");
        try (NDManager m = root.newSubManager();
             OgkdLearner released = learner(m, Map.of(), base, CLASSES);
             OgkdLearner folded = learner(m, on, base, CLASSES);
             OgkdLearner fewShot = learner(m, on, CLASSES, CLASSES);
             OgkdLearner plain = learner(m, Map.of())) {
            assertThat(released.graph().getShape()).isEqualTo(new Shape(2, 2));
            assertThat(released.graph().sum(new int[] {1}).toFloatArray()).containsExactly(new float[] {1, 1},
                    within(1e-6f));
            float[] w = folded.graph().toFloatArray();
            assertThat(folded.graph().getShape()).isEqualTo(new Shape(2, 2));
            assertThat(w).isNotEqualTo(released.graph().toFloatArray());
            // the base rows lose the novel column's mass and gain a tenth of the two-step paths back
            float[] rows = folded.graph().sum(new int[] {1}).toFloatArray();
            assertThat(rows[0]).isLessThan(1f).isGreaterThan(0f);
            // with every dataset class trained there is nothing to fold back
            assertThat(fewShot.graph().toFloatArray()).containsExactly(plain.graph().toFloatArray());
        }
        List<String> undescribed = List.of(CLASSES.get(0), CLASSES.get(1), "unseen lesion");
        OgkdMethod method = new OgkdMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(on));
        try (NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> method.create(new MethodContext(model, base,
                    new DatasetInfo("TEST", "MRI", "brain", undescribed, List.of(), Map.of()),
                    OgkdTestSupport.descriptions(CLASSES), params, m, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unseen lesion");
        }
    }

    @Test
    void lgdOnPatchTokensIsFiniteAndTrainsTheContext() {
        Map<String, String> values = new HashMap<>(new OgkdMethod().presets().get("Kvasir"));
        values.put("topk-ratio", "0.25");
        try (NDManager m = root.newSubManager(); OgkdLearner learner = learner(m, values)) {
            try (NDManager step = root.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossResult loss = learner.loss(step, batch(step));
                assertThat(loss.terms()).containsOnlyKeys("ce", "sccm", "gad", "lgd");
                float sum = 0;
                for (NDArray term : loss.terms().values()) {
                    float v = term.toType(DataType.FLOAT32, false).getFloat();
                    assertThat(Float.isFinite(v)).isTrue();
                    sum += v;
                }
                assertThat(loss.terms().get("lgd").getFloat()).isGreaterThan(0f);
                assertThat(loss.total().getFloat()).isCloseTo(sum, within(1e-4f));
                collector.backward(loss.total());
            }
            try (NDArray gradient = learner.trainable().get("ctx").getGradient()) {
                assertThat(gradient.abs().sum().getFloat()).isGreaterThan(0f);
            }
        }
    }

    @Test
    void probabilitySpaceSmoothingGivesAnotherTarget() {
        Map<String, String> log = Map.of("gamma", "0.5", "text-dropout", "false");
        Map<String, String> probability = Map.of("gamma", "0.5", "text-dropout", "false",
                "geometry-space", "probability");
        try (NDManager m = root.newSubManager(); OgkdLearner a = learner(m, log); OgkdLearner b = learner(m, probability)) {
            TrainingBatch batch = batch(m);
            float gadLog = a.loss(m, batch).terms().get("gad").getFloat();
            float gadProbability = b.loss(m, batch).terms().get("gad").getFloat();
            assertThat(gadLog).isNotCloseTo(gadProbability, within(1e-6f));
        }
    }

    @Test
    void invalidSettingsAreRejectedByKey() {
        try (NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> learner(m, Map.of("topk-ratio", "0")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method.ogkd.topk-ratio");
            assertThatThrownBy(() -> learner(m, Map.of("gamma", "1.5")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method.ogkd.gamma");
            try (PromptLearner learner = learner(m, Map.of())) {
                assertThatThrownBy(() -> learner.importTensors(Map.of("ctx", m.zeros(new Shape(5, 128)))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("(5, 128)").hasMessageContaining("(4, 128)");
            }
        }
    }

    @Test
    void presetsCoverBothProtocolsWithTheirAlpha() {
        Map<String, Map<String, String>> presets = new OgkdMethod().presets();
        assertThat(presets).hasSize(21);
        assertThat(presets.get("DermaMNIST")).containsEntry("lambda-gad", "24.0").containsEntry("alpha", "4.0")
                .containsEntry("topk-ratio", "0.1");
        assertThat(presets.get("Kvasir@base-to-novel")).containsEntry("lambda-lgd", "22.0")
                .containsEntry("alpha", "1.0").containsEntry("tau", "1.25");
        assertThat(presets).doesNotContainKey("BUSI@base-to-novel");
    }

}
