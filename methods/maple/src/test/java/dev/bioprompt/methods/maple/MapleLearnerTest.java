package dev.bioprompt.methods.maple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import dev.bioprompt.methods.toolkit.ClassTokenPosition;
import dev.bioprompt.methods.toolkit.ContextPrompts;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MapleLearnerTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue", "cyst");
    private static final List<String> TEXTS = List.of("a photo of a tumor.", "a photo of a normal tissue.",
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
        MapleMethod method = new MapleMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, ClassDescriptions.none(), params, manager, 1));
    }

    @Test
    void couplingByHand() {
        try (NDManager m = root.newSubManager()) {
            // u = ctx W^T + b with ctx [2, 3], W [2, 3], b [2]
            NDArray ctx = m.create(new float[] {1, 2, 3, 0, -1, 1}, new Shape(2, 3));
            NDArray w = m.create(new float[] {1, 0, 1, 2, 1, 0}, new Shape(2, 3));
            NDArray b = m.create(new float[] {0.5f, -1});
            // row 0: [1+3, 2+2] + b = [4.5, 3]; row 1: [0+1, 0-1] + b = [1.5, -2]
            assertThat(MapleLearner.coupled(m, ctx, w, b).toFloatArray()).containsExactly(4.5f, 3f, 1.5f, -2f);
        }
    }

    @Test
    void initialisationFollowsTheReference() {
        try (NDManager m = root.newSubManager(); PromptLearner maple = learner(m, Map.of())) {
            Map<String, NDArray> t = maple.trainable();
            assertThat(t.get("ctx").getShape()).isEqualTo(new Shape(4, 128));
            assertThat(t.get("proj.weight").getShape()).isEqualTo(new Shape(128, 128));
            float bound = (float) (1 / Math.sqrt(128));
            assertThat(t.get("proj.weight").abs().max().getFloat()).isLessThanOrEqualTo(bound)
                    .isGreaterThan(0.95f * bound);
            NDArray words = model.wordEmbeddings(m, model.tokenize(List.of("a photo of a"))).get("0, 1:5, :");
            assertThat(t.get("ctx").allClose(words)).isTrue();
        }
    }

    @Test
    void theLossEncodesImagesWithTheCoupledTokensOverwritingTheFirstPatches() {
        try (NDManager m = root.newSubManager(); PromptLearner maple = learner(m, Map.of("text-dropout", "false"))) {
            m.getEngine().setRandomSeed(5);
            NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
            NDArray labels = m.create(new long[] {0, 2, 1});
            LossResult loss = maple.loss(m, new TrainingBatch(images, labels, Map.of()));
            Map<String, NDArray> t = maple.trainable();
            NDArray u = t.get("ctx").matMul(t.get("proj.weight").transpose()).add(t.get("proj.bias"));
            NDArray image = FeatureMath.normalize(model.encodeImage(m, images,
                    new VisualPrompts(List.of(u), VisualPrompts.Mode.OVERWRITE), ImageEncodeOptions.POOLED).pooled());
            NDArray plain = FeatureMath.normalize(model.encodeImage(m, images, VisualPrompts.none(),
                    ImageEncodeOptions.POOLED).pooled());
            assertThat(image.sub(plain).abs().max().getFloat()).as("the prompts change the image features")
                    .isGreaterThan(1e-3f);
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(TEXTS)));
            NDArray logits = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            assertThat(loss.logits().sub(logits).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(loss.total().getFloat()).isCloseTo(FeatureMath.crossEntropy(logits, labels).getFloat(),
                    within(1e-5f));
            try (Classifier c = maple.classifier(m, CLASSES)) {
                NDArray scored = c.logits(m, c.encodeImages(m, images));
                assertThat(scored.sub(logits).abs().max().getFloat()).isLessThan(1e-4f);
            }
        }
    }

    @Test
    void theContextGetsGradientThroughTheVisionTowerToo() {
        try (NDManager m = root.newSubManager(); PromptLearner maple = learner(m, Map.of("text-dropout", "false"))) {
            m.getEngine().setRandomSeed(5);
            NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
            NDArray labels = m.create(new long[] {0, 2, 1});
            NDArray ctx = maple.trainable().get("ctx");
            float[] full;
            try (NDManager step = m.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(maple.loss(step, new TrainingBatch(images, labels, Map.of())).total());
            }
            try (NDArray grad = ctx.getGradient()) {
                full = grad.toFloatArray();
                grad.subi(grad);
            }
            // the same loss with the visual tokens held constant: the difference is the vision tower's share
            float[] textOnly;
            try (NDManager step = m.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> t = maple.trainable();
                NDArray u = MapleLearner.coupled(step, ctx, t.get("proj.weight"), t.get("proj.bias")).stopGradient();
                NDArray image = FeatureMath.normalize(model.encodeImage(step, images,
                        new VisualPrompts(List.of(u), VisualPrompts.Mode.OVERWRITE), ImageEncodeOptions.POOLED)
                        .pooled());
                NDArray plainText = FeatureMath.normalize(model.encodeText(step,
                        ContextPrompts.forClassNames(model, step, "a photo of a",
                                CLASSES, 4, ClassTokenPosition.END, new int[3])
                                .assemble(step, ctx), false));
                NDArray logits = FeatureMath.scaledSimilarity(image, plainText, model.logitScale());
                collector.backward(FeatureMath.crossEntropy(logits, labels));
            }
            try (NDArray grad = ctx.getGradient()) {
                textOnly = grad.toFloatArray();
                grad.subi(grad);
            }
            double diff = 0;
            for (int i = 0; i < full.length; i++) {
                diff = Math.max(diff, Math.abs(full[i] - textOnly[i]));
            }
            assertThat(diff).isGreaterThan(1e-6);
        }
    }
}
