package dev.bioprompt.methods.prograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.ClassDescriptions;
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
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProGradLearnerTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue", "cyst");
    private static final List<String> TEMPLATE_TEXTS = List.of("a photo of a tumor.", "a photo of a normal tissue.",
            "a photo of a cyst.");

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

    private static PromptLearner learner(NDManager manager, Map<String, String> overrides) {
        ProGradMethod method = new ProGradMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, ClassDescriptions.none(), params, manager, 1));
    }

    private static TrainingBatch batch(NDManager m) {
        m.getEngine().setRandomSeed(5);
        return new TrainingBatch(m.randomNormal(new Shape(3, 3, 64, 64)), m.create(new long[] {0, 2, 1}), Map.of());
    }

    @Test
    void distillationByHand() {
        try (NDManager m = root.newSubManager()) {
            NDArray student = m.create(new float[] {1, 2}, new Shape(1, 2));
            NDArray teacher = m.create(new float[] {2, 0}, new Shape(1, 2));
            double t = 2;
            double q0 = Math.exp(1) / (Math.exp(1) + Math.exp(0));
            double lse = Math.log(Math.exp(0.5) + Math.exp(1));
            double expected = -(q0 * (0.5 - lse) + (1 - q0) * (1 - lse)) * t * t;
            assertThat(ProGradLearner.distillation(student, teacher, t).getFloat())
                    .isCloseTo((float) expected, within(1e-5f));
        }
    }

    @Test
    void projectionByHand() {
        try (NDManager m = root.newSubManager()) {
            NDArray g = m.create(new float[] {1, 0});
            // conflicting: g - (g . h_hat) h_hat = [1, 0] + [-0.5, 0.5]
            assertThat(new GradientProjection(1).combine("ctx", g, m.create(new float[] {-1, 1})).toFloatArray())
                    .containsExactly(new float[] {0.5f, 0.5f}, within(1e-6f));
            assertThat(new GradientProjection(0.5).combine("ctx", g, m.create(new float[] {-1, 1})).toFloatArray())
                    .containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
            // agreeing, orthogonal or zero guide: unchanged
            assertThat(new GradientProjection(1).combine("ctx", g, m.create(new float[] {1, 1})).toFloatArray())
                    .containsExactly(1f, 0f);
            assertThat(new GradientProjection(1).combine("ctx", g, m.create(new float[] {0, 1})).toFloatArray())
                    .containsExactly(1f, 0f);
            assertThat(new GradientProjection(1).combine("ctx", g, m.create(new float[] {0, 0})).toFloatArray())
                    .containsExactly(1f, 0f);
        }
    }

    @Test
    void theReleasedSelfTeacherTrainsOnCrossEntropyAloneAndLogsTheDistillation() {
        try (NDManager m = root.newSubManager(); PromptLearner prograd = learner(m, Map.of("temperature", "2"))) {
            TrainingBatch batch = batch(m);
            LossResult loss = prograd.loss(m, batch);
            assertThat(loss.guide()).isEmpty();
            assertThat(loss.total().getFloat()).isEqualTo(loss.terms().get("ce").getFloat());
            float kl = ProGradLearner.distillation(loss.logits(), loss.logits(), 2).getFloat();
            assertThat(loss.terms().get("kl").getFloat()).isCloseTo(kl, within(1e-5f));
        }
    }

    @Test
    void theZeroShotTeacherGuidesTheGradientWithTheTemplateClassifier() {
        try (NDManager m = root.newSubManager();
             PromptLearner prograd = learner(m, Map.of("teacher", "zeroshot", "temperature", "2"))) {
            NDArray ctx = prograd.trainable().get("ctx");
            m.getEngine().setRandomSeed(11);
            ctx.addi(m.randomNormal(0f, 0.5f, ctx.getShape(), DataType.FLOAT32));
            TrainingBatch batch = batch(m);
            LossResult loss = prograd.loss(m, batch);
            assertThat(loss.guide()).isPresent();
            assertThat(loss.guide().get().combination()).isEqualTo(new GradientProjection(1.0));
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(TEMPLATE_TEXTS)));
            NDArray image = FeatureMath.normalize(model.encodeImage(m, batch.images(), VisualPrompts.none(),
                    ImageEncodeOptions.POOLED).pooled());
            NDArray zeroShot = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            float expected = ProGradLearner.distillation(loss.logits(), zeroShot, 2).getFloat();
            assertThat(loss.guide().get().loss().getFloat()).isCloseTo(expected, within(1e-4f));
            assertThat(loss.terms().get("kl").getFloat()).isCloseTo(expected, within(1e-4f));
            assertThat(loss.total().getFloat()).isEqualTo(loss.terms().get("ce").getFloat());
        }
    }

    @Test
    void extraContextVectorsStartAtZeroBeforeTheTemplateWords() {
        try (NDManager m = root.newSubManager(); PromptLearner four = learner(m, Map.of());
             PromptLearner six = learner(m, Map.of("n-ctx", "6"))) {
            NDArray wide = six.trainable().get("ctx");
            assertThat(wide.getShape()).isEqualTo(new Shape(6, 128));
            assertThat(wide.get("0:2").abs().sum().getFloat()).isZero();
            assertThat(wide.get("2:").allClose(four.trainable().get("ctx"))).isTrue();
            assertThatThrownBy(() -> learner(m, Map.of("n-ctx", "3")))
                    .hasMessageContaining("n-ctx (3) must be at least the 4 words");
        }
    }

    @Test
    void presetsAndProtocolSchedules() {
        ProGradMethod method = new ProGradMethod();
        assertThat(method.presets().get("BUSI")).containsEntry("temperature", "0.25");
        assertThat(method.presets().get("DermaMNIST@base-to-novel")).containsEntry("temperature", "1.0");
        assertThat(method.trainingDefaults(MethodParameters.of(Map.of()), Protocol.BASE_TO_NOVEL).learningRate()).isEqualTo(0.0015);
        assertThat(method.trainingDefaults(MethodParameters.of(Map.of()), Protocol.BASE_TO_NOVEL).epochs()).isEqualTo(50);
        assertThat(method.trainingDefaults(MethodParameters.of(Map.of()), Protocol.CROSS_DATASET).learningRate()).isEqualTo(0.002);
    }
}
