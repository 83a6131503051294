package dev.bioprompt.methods.coop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.methods.toolkit.ClassTokenPosition;
import dev.bioprompt.methods.toolkit.ContextPrompts;
import dev.bioprompt.methods.toolkit.ContextVectors;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CoopLearnerTest {

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

    private static PromptLearner learner(NDManager manager, Map<String, String> overrides, long seed) {
        CoopMethod method = new CoopMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, ClassDescriptions.none(), params, manager, seed));
    }

    @Test
    void initialCoopEqualsZeroShotWithTheSameTemplate() {
        try (NDManager m = root.newSubManager(); PromptLearner coop = learner(m, Map.of(), 1);
             Classifier classifier = coop.classifier(m, CLASSES)) {
            m.getEngine().setRandomSeed(3);
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            NDArray logits = classifier.logits(m, classifier.encodeImages(m, images));

            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(
                    List.of("a photo of a tumor.", "a photo of a normal tissue.", "a photo of a cyst."))));
            NDArray image = FeatureMath.normalize(model.encodeImage(m, images,
                    VisualPrompts.none(), ImageEncodeOptions.POOLED)
                    .pooled());
            NDArray zeroShot = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(logits.sub(zeroShot).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void middleAndFrontMoveTheClassTokensAroundTheContext() {
        try (NDManager m = root.newSubManager()) {
            NDArray ctx = m.create(ContextVectors.fromWords(model, m, "a photo of a", 4), new Shape(4, 128));
            List<String> names = List.of("tumor", "normal tissue");
            int[] nameLengths = {1, 2};
            List<String> texts = List.of("a photo of a tumor.", "a photo of a normal tissue.");
            assertAssembly(m, ctx, texts, nameLengths, ClassTokenPosition.MIDDLE,
                    List.of("a photo tumor of a.", "a photo normal tissue of a."));
            assertAssembly(m, ctx, texts, nameLengths, ClassTokenPosition.FRONT,
                    List.of("tumor a photo of a.", "normal tissue a photo of a."));
            assertAssembly(m, ctx, texts, nameLengths, ClassTokenPosition.END, texts);
            assertThat(model.tokenize(names).lengths()).containsExactly(3, 4);
        }
    }

    private static void assertAssembly(NDManager m, NDArray ctx, List<String> texts, int[] nameLengths,
                                       ClassTokenPosition position, List<String> expectedTexts) {
        try (ContextPrompts prompts = ContextPrompts.build(model, m, texts, 4, position, nameLengths)) {
            TextPrompt prompt = prompts.assemble(m, ctx);
            TokenizedText expectedTokens = model.tokenize(expectedTexts);
            long length = prompt.embeddings().getShape().get(1);
            NDArray expected = model.wordEmbeddings(m, expectedTokens).get(":, :{}, :", length);
            assertThat(prompt.lengths()).containsExactly(expectedTokens.lengths());
            assertThat(prompt.embeddings().sub(expected).abs().max().getFloat()).as(position.key()).isEqualTo(0f);
        }
    }

    @Test
    void randomInitIsSeededWithStandardDeviationTwoHundredths() {
        Map<String, String> random = Map.of(CoopMethod.CTX_INIT, "", CoopMethod.N_CTX, "16");
        try (NDManager m = root.newSubManager(); PromptLearner a = learner(m, random, 5);
             PromptLearner b = learner(m, random, 5); PromptLearner c = learner(m, random, 6)) {
            NDArray ctxA = a.trainable().get("ctx");
            assertThat(ctxA.getShape()).isEqualTo(new Shape(16, 128));
            assertThat(ctxA.toFloatArray()).containsExactly(b.trainable().get("ctx").toFloatArray());
            assertThat(ctxA.toFloatArray()).isNotEqualTo(c.trainable().get("ctx").toFloatArray());
            double std = Math.sqrt(ctxA.square().mean().getFloat());
            assertThat(std).isBetween(0.018, 0.022);
        }
    }

    @Test
    void classSpecificContextHasOneRowPerClassAndScoresOnlyKnownClasses() {
        Map<String, String> csc = Map.of(CoopMethod.CTX_INIT, "", CoopMethod.CSC, "true",
                CoopMethod.CLASS_TOKEN_POSITION, "middle");
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, csc, 1)) {
            assertThat(learner.trainable().get("ctx").getShape()).isEqualTo(new Shape(3, 4, 128));
            try (Classifier reordered = learner.classifier(m, List.of("cyst", "tumor"))) {
                assertThat(reordered.classNames()).containsExactly("cyst", "tumor");
            }
            assertThatThrownBy(() -> learner.classifier(m, List.of("polyp")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'polyp'");
        }
    }

    @Test
    void classSpecificContextWithWordInitIsRejectedByKey() {
        try (NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> learner(m, Map.of(CoopMethod.CSC, "true"), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method.coop.ctx-init");
        }
    }

    @Test
    void ctxInitSetsTheNumberOfContextVectors() {
        try (NDManager m = root.newSubManager();
             PromptLearner learner = learner(m, Map.of(CoopMethod.CTX_INIT, "a_photo of", CoopMethod.N_CTX, "7"), 1)) {
            assertThat(learner.trainable().get("ctx").getShape()).isEqualTo(new Shape(3, 128));
        }
    }

    @Test
    void importRejectsAWrongShapeNamingBothShapes() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1)) {
            NDArray wrong = m.zeros(new Shape(5, 128));
            assertThatThrownBy(() -> learner.importTensors(Map.of("ctx", wrong)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(5, 128)").hasMessageContaining("(4, 128)");
            assertThatThrownBy(() -> learner.importTensors(Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ctx'");
        }
    }

    @Test
    void gradientStepsOnTheContextLowerTheLossOfABatch() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1)) {
            NDArray ctx = learner.trainable().get("ctx");
            m.getEngine().setRandomSeed(9);
            NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
            NDArray labels = m.create(new long[] {2, 0, 1});
            float[] losses = new float[6];
            for (int i = 0; i < losses.length; i++) {
                try (NDManager step = root.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = learner.loss(step, new TrainingBatch(images, labels, Map.of())).total();
                    losses[i] = loss.getFloat();
                    collector.backward(loss);
                }
                try (NDArray gradient = ctx.getGradient(); NDArray update = ScalarOps.mul(gradient, 3)) {
                    ctx.subi(update);
                    gradient.subi(gradient);
                }
            }
            assertThat(losses[losses.length - 1]).as("losses %s", Arrays.toString(losses)).isLessThan(losses[0] * 0.9f);
        }
    }

    @Test
    void trainingLossIsDeterministicBecauseBertDropoutIsOffByDefault() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of(), 1);
             PromptLearner dropout = learner(m, Map.of(CoopMethod.TEXT_DROPOUT, "true"), 1)) {
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            TrainingBatch batch = new TrainingBatch(images, m.create(new long[] {0, 1}), Map.of());
            assertThat(learner.loss(m, batch).total().getFloat()).isEqualTo(learner.loss(m, batch).total().getFloat());
            assertThat(dropout.loss(m, batch).total().getFloat()).isNotEqualTo(dropout.loss(m, batch).total().getFloat());
        }
    }
}
