package dev.bioprompt.methods.biovlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BioVlmLearnerTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue", "cyst");

    private static CountingModel model;
    private static NDManager root;

    @BeforeAll
    static void open() {
        model = new CountingModel(TinyBiomedClip.open());
        root = NDManager.newBaseManager(model.device());
    }

    @AfterAll
    static void close() {
        root.close();
        model.close();
    }

    private static PromptLearner learner(NDManager manager, Map<String, String> overrides, long seed) {
        BioVlmMethod method = new BioVlmMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset,
                BioVlmContractTest.tenAttributes(CLASSES), params, manager, seed));
    }

    private static TrainingBatch batch(NDManager m, boolean withViews) {
        m.getEngine().setRandomSeed(11);
        NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
        Map<String, NDArray> views = withViews
                ? Map.of("strong", m.randomNormal(new Shape(3, 3, 64, 64)), "weak", m.randomNormal(new Shape(3, 3, 64, 64)))
                : Map.of();
        return new TrainingBatch(images, m.create(new long[] {0, 1, 2}), views);
    }

    @Test
    void theBankIsTenSharedSeededContextsOfFourVectors() {
        try (NDManager m = root.newSubManager(); PromptLearner a = learner(m, Map.of(), 5);
             PromptLearner b = learner(m, Map.of(), 5); PromptLearner c = learner(m, Map.of(), 6)) {
            NDArray bank = a.trainable().get("bank");
            assertThat(bank.getShape()).isEqualTo(new Shape(10, 4, 128));
            // 10 x 4 x 768 = 30,720 parameters at BiomedCLIP's text width
            assertThat(10 * 4 * 768).isEqualTo(30_720);
            assertThat(bank.toFloatArray()).containsExactly(b.trainable().get("bank").toFloatArray());
            assertThat(bank.toFloatArray()).isNotEqualTo(c.trainable().get("bank").toFloatArray());
            assertThat(Math.sqrt(bank.square().mean().getFloat())).isBetween(0.018, 0.022);
        }
    }

    @Test
    void bankPromptsPutEachMemberBetweenTheClassPrefixAndSuffix() {
        try (NDManager m = root.newSubManager();
             BankPrompts prompts = BankPrompts.build(model, m, List.of("tumor", "normal_tissue"), 4, false)) {
            NDArray words = model.wordEmbeddings(m, model.tokenize(List.of("X X X X tumor.", "X X X X normal tissue.")));
            NDArray xs = words.get("0, 1:5, :");
            NDArray bank = NDArrays.stack(new NDList(xs, ScalarOps.mul(xs, 2)), 0);
            TextPrompt prompt = prompts.assemble(m, bank);
            long length = prompt.embeddings().getShape().get(1);
            assertThat(prompt.embeddings().getShape()).isEqualTo(new Shape(4, length, 128));
            assertThat(prompt.lengths()).containsExactly(8, 9, 8, 9);
            NDArray expected = words.get(":, :{}, :", length);
            assertThat(prompt.embeddings().get("0:2").sub(expected).abs().max().getFloat()).isZero();
            assertThat(prompt.embeddings().get("2:4, 1:5, :").sub(ScalarOps.mul(xs, 2)).abs().max().getFloat()).isZero();
            assertThat(prompt.embeddings().get("2:4, 5:, :").sub(expected.get(":, 5:, :")).abs().max().getFloat())
                    .isZero();
        }
    }

    @Test
    void theClassifierRoutesLikeTrainingAndEncodesTextOncePerClassSet() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1)) {
            TrainingBatch batch = batch(m, true);
            LossResult loss = learner.loss(m, batch);
            long before = model.encodedTexts();
            try (Classifier classifier = learner.classifier(m, CLASSES)) {
                assertThat(model.encodedTexts() - before).as("bank x classes prompts").isEqualTo(30);
                NDArray logits = classifier.logits(m, classifier.encodeImages(m, batch.images()));
                classifier.logits(m, classifier.encodeImages(m, batch(m, false).images()));
                assertThat(model.encodedTexts() - before).as("no text forward per image").isEqualTo(30);
                assertThat(logits.sub(loss.logits()).abs().max().getFloat()).isLessThan(1e-3f);
            }
        }
    }

    @Test
    void routingTheWholeBankIsThePlainEnsemble() {
        try (NDManager m = root.newSubManager();
             PromptLearner learner = learner(m, Map.of(BioVlmMethod.ROUTE_FRACTION, "1"), 1);
             Classifier classifier = learner.classifier(m, CLASSES)) {
            NDArray images = batch(m, false).images();
            NDArray logits = classifier.logits(m, classifier.encodeImages(m, images));
            try (BankPrompts prompts = BankPrompts.build(model, m, CLASSES, 4, false)) {
                NDArray text = FeatureMath.normalize(
                        model.encodeText(m, prompts.assemble(m, learner.trainable().get("bank").stopGradient()), false));
                NDArray image = FeatureMath.normalize(
                        model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
                NDArray ensemble = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale()).reshape(3, 10, 3)
                        .mean(new int[] {1});
                assertThat(logits.sub(ensemble).abs().max().getFloat()).isLessThan(1e-4f);
            }
        }
    }

    @Test
    void lossTermsAreNamedAndFinite() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1)) {
            LossResult loss = learner.loss(m, batch(m, true));
            assertThat(loss.terms()).containsOnlyKeys("ce", "kd", "kd-aug", "entropy", "attribute-entropy",
                    "augmented-entropy", "cos");
            float sum = 0;
            for (NDArray term : loss.terms().values()) {
                float v = term.toType(DataType.FLOAT32, false).getFloat();
                assertThat(Float.isFinite(v)).isTrue();
                sum += v;
            }
            assertThat(loss.total().getFloat()).isCloseTo(sum, within(1e-4f));
        }
    }

    @Test
    void missingViewsAndUnsupportedReleasedEmbeddingAreRejectedByName() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1)) {
            assertThatThrownBy(() -> learner.loss(m, batch(m, false)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'strong'");
        }
        try (NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> learner(m, Map.of(BioVlmMethod.FIX_DOUBLE_EMBEDDING, "false"), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("method.biovlm.fix-double-embedding");
        }
    }

    @Test
    void theAugmentationOrderOptionPicksTheStrongView() {
        BioVlmMethod method = new BioVlmMethod();
        MethodParameters defaults = MethodParameters.resolve(method.name(), method.parameters(), List.of());
        MethodParameters released = MethodParameters.resolve(method.name(), method.parameters(),
                List.of(Map.of(BioVlmMethod.FIX_AUGMENTATION_ORDER, "false")));
        assertThat(defaults.getBoolean(BioVlmMethod.FIX_AUGMENTATION_ORDER)).isTrue();
        assertThat(method.requiredViews(defaults)).containsExactlyInAnyOrder("strong", "weak");
        assertThat(method.requiredViews()).isEqualTo(method.requiredViews(defaults));
        assertThat(method.requiredViews(released)).containsExactlyInAnyOrder("strong-normalised", "weak");
    }

    @Test
    void theLearnerReadsTheStrongViewItsOptionAsksFor() {
        try (NDManager m = root.newSubManager(); PromptLearner fixed = learner(m, Map.of(), 1);
             PromptLearner released = learner(m, Map.of(BioVlmMethod.FIX_AUGMENTATION_ORDER, "false"), 1)) {
            TrainingBatch imageSpace = batch(m, true);
            NDArray strong = imageSpace.view("strong").orElseThrow();
            NDArray weak = imageSpace.view("weak").orElseThrow();
            TrainingBatch normalised = new TrainingBatch(imageSpace.images(), imageSpace.labels(),
                    Map.of("strong-normalised", strong, "weak", weak));
            // the same pixels under either name give the same loss: each learner reads its own view
            float expected = fixed.loss(m, imageSpace).total().getFloat();
            assertThat(released.loss(m, normalised).total().getFloat())
                    .isCloseTo(expected, within(1e-5f));
            // and a different strong view changes it
            TrainingBatch both = new TrainingBatch(imageSpace.images(), imageSpace.labels(),
                    Map.of("strong", strong, "strong-normalised", weak, "weak", weak));
            assertThat(fixed.loss(m, both).total().getFloat())
                    .isCloseTo(expected, within(1e-5f));
            assertThat(released.loss(m, both).total().getFloat()).isNotCloseTo(expected,
                    within(1e-5f));
            assertThatThrownBy(() -> released.loss(m, imageSpace))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'strong-normalised'");
            assertThatThrownBy(() -> fixed.loss(m, normalised))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'strong'");
        }
    }

    @Test
    void importRejectsAWrongShape() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1)) {
            assertThatThrownBy(() -> learner.importTensors(Map.of("bank", m.zeros(new Shape(5, 4, 128)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(5, 4, 128)").hasMessageContaining("(10, 4, 128)");
        }
    }

}
