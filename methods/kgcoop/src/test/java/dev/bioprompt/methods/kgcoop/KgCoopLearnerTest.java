package dev.bioprompt.methods.kgcoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.method.ClassDescriptions;
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
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KgCoopLearnerTest {

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

    private static PromptLearner learner(NDManager manager, Map<String, String> overrides) {
        KgCoopMethod method = new KgCoopMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, ClassDescriptions.none(), params, manager, 1));
    }

    private static TrainingBatch batch(NDManager m) {
        m.getEngine().setRandomSeed(5);
        return new TrainingBatch(m.randomNormal(new Shape(3, 3, 64, 64)), m.create(new long[] {0, 2, 1}), Map.of());
    }

    @Test
    void knowledgeDistanceByHand() {
        try (NDManager m = root.newSubManager()) {
            // cos(row 0) = (3*1 + 4*0) / (5 * 1) = 0.6; cos(row 1) = 0; 1 - mean = 0.7
            NDArray text = m.create(new float[] {3, 4, 1, 0}, new Shape(2, 2));
            NDArray knowledge = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            assertThat(KgCoopLearner.knowledgeDistance(text, knowledge).getFloat()).isCloseTo(0.7f, within(1e-6f));
            // a zero row: the eps keeps the cosine at 0 instead of NaN
            NDArray zero = m.create(new float[] {0, 0, 2, 0}, new Shape(2, 2));
            assertThat(KgCoopLearner.knowledgeDistance(zero, knowledge).getFloat()).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void atInitialisationTheKnowledgeTermIsZeroAndTheLogitsAreZeroShot() {
        try (NDManager m = root.newSubManager(); PromptLearner kg = learner(m, Map.of("w", "8"));
             Classifier classifier = kg.classifier(m, CLASSES)) {
            TrainingBatch batch = batch(m);
            LossResult loss = kg.loss(m, batch);
            assertThat(loss.terms().get("kg").getFloat()).isCloseTo(0f, within(1e-5f));
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(
                    List.of("a photo of a tumor.", "a photo of a normal tissue.", "a photo of a cyst."))));
            NDArray image = FeatureMath.normalize(model.encodeImage(m, batch.images(), VisualPrompts.none(),
                    ImageEncodeOptions.POOLED).pooled());
            NDArray zeroShot = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            assertThat(loss.logits().sub(zeroShot).abs().max().getFloat()).isLessThan(1e-4f);
            NDArray logits = classifier.logits(m, classifier.encodeImages(m, batch.images()));
            assertThat(logits.sub(zeroShot).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void theTotalIsCrossEntropyPlusTheWeightedDistanceAfterTheContextMoved() {
        try (NDManager m = root.newSubManager(); PromptLearner kg = learner(m, Map.of("w", "2.5"))) {
            NDArray ctx = kg.trainable().get("ctx");
            m.getEngine().setRandomSeed(11);
            ctx.addi(m.randomNormal(0f, 0.5f, ctx.getShape(), DataType.FLOAT32));
            TrainingBatch batch = batch(m);
            LossResult loss = kg.loss(m, batch);
            // independent: the learned class features against "a photo of a <class>." features
            NDArray learned;
            try (Classifier c = kg.classifier(m, CLASSES)) {
                learned = c.logits(m, m.eye(model.dimensions().embedDim()));
            }
            NDArray t = FeatureMath.normalize(learned.transpose());
            NDArray k = FeatureMath.normalize(model.encodeText(m, model.tokenize(
                    List.of("a photo of a tumor.", "a photo of a normal tissue.", "a photo of a cyst."))));
            float expectedKg = 2.5f * (1 - t.mul(k).sum(new int[] {1}).mean().getFloat());
            assertThat(expectedKg).isGreaterThan(1e-3f);
            assertThat(loss.terms().get("kg").getFloat()).isCloseTo(expectedKg, within(1e-4f));
            assertThat(loss.total().getFloat()).isCloseTo(loss.terms().get("ce").getFloat() + expectedKg,
                    within(1e-4f));
            float ce = FeatureMath.crossEntropy(loss.logits(), batch.labels()).getFloat();
            assertThat(loss.terms().get("ce").getFloat()).isCloseTo(ce, within(1e-6f));
        }
    }

    @Test
    void theGradientOfTheKnowledgeTermPullsTheContextBack() {
        try (NDManager m = root.newSubManager(); PromptLearner kg = learner(m, Map.of("w", "1"))) {
            NDArray ctx = kg.trainable().get("ctx");
            NDArray start = ctx.duplicate();
            m.getEngine().setRandomSeed(13);
            ctx.addi(m.randomNormal(0f, 0.5f, ctx.getShape(), DataType.FLOAT32));
            float before;
            try (NDManager step = m.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossResult loss = kg.loss(step, batch(step));
                before = loss.terms().get("kg").getFloat();
                collector.backward(loss.terms().get("kg"));
            }
            try (NDArray grad = ctx.getGradient()) {
                ctx.subi(ScalarOps.mul(grad, 0.5));
                grad.subi(grad);
            }
            try (NDManager step = m.newSubManager()) {
                assertThat(kg.loss(step, batch(step)).terms().get("kg").getFloat()).isLessThan(before);
            }
            assertThat(start.getShape()).isEqualTo(ctx.getShape());
        }
    }

    @Test
    void ctxInitWordsAreIgnoredAsInTheReferenceUnlessHonoured() {
        try (NDManager m = root.newSubManager();
             PromptLearner ignored = learner(m, Map.of("ctx-init", "a scan of")); PromptLearner reference =
                     learner(m, Map.of()); PromptLearner honoured = learner(m, Map.of("ctx-init", "a scan of",
                     "honour-ctx-init", "true"))) {
            assertThat(ignored.trainable().get("ctx").allClose(reference.trainable().get("ctx"))).isTrue();
            assertThat(honoured.trainable().get("ctx").getShape()).isEqualTo(new Shape(3, 128));
        }
    }

    @Test
    void presetsAndProtocolSchedules() {
        KgCoopMethod method = new KgCoopMethod();
        assertThat(method.presets().get("BUSI")).containsEntry("w", "10.0");
        assertThat(method.presets().get("CTKidney@base-to-novel")).containsEntry("w", "8.0");
        assertThat(method.trainingDefaults(MethodParameters.of(Map.of()), Protocol.FEW_SHOT).epochs()).isEqualTo(100);
        assertThat(method.trainingDefaults(MethodParameters.of(Map.of()), Protocol.BASE_TO_NOVEL).epochs()).isEqualTo(50);
        assertThat(method.trainingDefaults().batchSize()).isEqualTo(128);
    }
}
