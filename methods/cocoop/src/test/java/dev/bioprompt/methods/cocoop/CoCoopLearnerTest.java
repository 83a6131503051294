package dev.bioprompt.methods.cocoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CoCoopLearnerTest {

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

    private static PromptLearner learner(NDManager manager, long seed) {
        CoCoopMethod method = new CoCoopMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of());
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, ClassDescriptions.none(), params, manager,
                seed));
    }

    private static NDArray images(NDManager m, int n) {
        m.getEngine().setRandomSeed(5);
        return m.randomNormal(new Shape(n, 3, 64, 64));
    }

    private static NDArray normalizedImage(NDManager m, NDArray images) {
        return FeatureMath.normalize(model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                .pooled());
    }

    @Test
    void metaNetHasTheReferenceShapesAndInitialisation() {
        try (NDManager m = root.newSubManager(); PromptLearner cocoop = learner(m, 1)) {
            Map<String, NDArray> t = cocoop.trainable();
            int e = model.dimensions().embedDim();
            int d = model.dimensions().textWidth();
            assertThat(t.get("ctx").getShape()).isEqualTo(new Shape(4, d));
            assertThat(t.get(MetaNet.W1).getShape()).isEqualTo(new Shape(e / 16, e));
            assertThat(t.get(MetaNet.B1).getShape()).isEqualTo(new Shape(e / 16));
            assertThat(t.get(MetaNet.W2).getShape()).isEqualTo(new Shape(d, e / 16));
            assertThat(t.get(MetaNet.B2).getShape()).isEqualTo(new Shape(d));
            float bound1 = (float) (1 / Math.sqrt(e));
            assertThat(t.get(MetaNet.W1).abs().max().getFloat()).isLessThanOrEqualTo(bound1)
                    .isGreaterThan(0.9f * bound1);
            float bound2 = (float) (1 / Math.sqrt(e / 16));
            assertThat(t.get(MetaNet.W2).abs().max().getFloat()).isLessThanOrEqualTo(bound2)
                    .isGreaterThan(0.9f * bound2);
        }
    }

    @Test
    void metaNetForwardByHand() {
        try (NDManager m = root.newSubManager(); PromptLearner cocoop = learner(m, 1)) {
            Map<String, NDArray> t = cocoop.trainable();
            NDArray v = normalizedImage(m, images(m, 2));
            float[] w1 = t.get(MetaNet.W1).toFloatArray();
            float[] b1 = t.get(MetaNet.B1).toFloatArray();
            float[] w2 = t.get(MetaNet.W2).toFloatArray();
            float[] b2 = t.get(MetaNet.B2).toFloatArray();
            float[] x = v.toFloatArray();
            int e = model.dimensions().embedDim();
            int h = e / 16;
            int d = model.dimensions().textWidth();
            float[] expected = new float[2 * d];
            for (int b = 0; b < 2; b++) {
                float[] hidden = new float[h];
                for (int j = 0; j < h; j++) {
                    double s = b1[j];
                    for (int i = 0; i < e; i++) {
                        s += w1[j * e + i] * x[b * e + i];
                    }
                    hidden[j] = (float) Math.max(0, s);
                }
                for (int k = 0; k < d; k++) {
                    double s = b2[k];
                    for (int j = 0; j < h; j++) {
                        s += w2[k * h + j] * hidden[j];
                    }
                    expected[b * d + k] = (float) s;
                }
            }
            MetaNet net = ((CoCoopLearner) cocoop).metaNetForTest();
            float[] got = net.forward(v).toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void withTheMetaNetZeroedItIsCoopAtInitialisationThatIsZeroShot() {
        try (NDManager m = root.newSubManager(); PromptLearner cocoop = learner(m, 1)) {
            cocoop.trainable().forEach((name, tensor) -> {
                if (!name.equals("ctx")) {
                    tensor.subi(tensor);
                }
            });
            NDArray images = images(m, 2);
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(
                    List.of("a photo of a tumor.", "a photo of a normal tissue.", "a photo of a cyst."))));
            NDArray zeroShot = ScalarOps.mul(normalizedImage(m, images).matMul(text.transpose()), model.logitScale());
            try (Classifier c = cocoop.classifier(m, CLASSES)) {
                NDArray logits = c.logits(m, c.encodeImages(m, images));
                assertThat(logits.sub(zeroShot).abs().max().getFloat()).isLessThan(1e-4f);
            }
            LossResult loss = cocoop.loss(m, new TrainingBatch(images, m.create(new long[] {1, 2}), Map.of()));
            assertThat(loss.logits().sub(zeroShot).abs().max().getFloat()).isLessThan(1e-4f);
            float ce = FeatureMath.crossEntropy(zeroShot, m.create(new long[] {1, 2})).getFloat();
            assertThat(loss.total().getFloat()).isCloseTo(ce, within(1e-4f));
        }
    }

    @Test
    void eachImageIsScoredWithItsOwnShiftedContext() {
        try (NDManager m = root.newSubManager(); PromptLearner cocoop = learner(m, 3)) {
            NDArray ctx = cocoop.trainable().get("ctx");
            m.getEngine().setRandomSeed(17);
            cocoop.trainable().get(MetaNet.B2).addi(m.randomNormal(0f, 0.3f, new Shape(128), DataType.FLOAT32));
            NDArray images = images(m, 3);
            NDArray v = normalizedImage(m, images);
            NDArray shift = ((CoCoopLearner) cocoop).metaNetForTest().forward(v);
            List<Float> expected = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                // image b alone: a CoOp prompt whose context is ctx + shift_b, encoded per class
                NDArray shifted = ctx.add(shift.get(b));
                List<String> texts = List.of("a photo of a tumor.", "a photo of a normal tissue.",
                        "a photo of a cyst.");
                NDArray embeddings = model.wordEmbeddings(m, model.tokenize(texts));
                NDArray assembled = embeddings.duplicate();
                for (int c = 0; c < 3; c++) {
                    assembled.set(new NDIndex("{}, 1:5, :", c), shifted);
                }
                NDArray t = FeatureMath.normalize(model.encodeText(m, new TextPrompt(
                        assembled, model.tokenize(texts).lengths()), false));
                float[] row = ScalarOps.mul(v.get(b).expandDims(0).matMul(t.transpose()), model.logitScale())
                        .toFloatArray();
                for (float f : row) {
                    expected.add(f);
                }
            }
            try (Classifier c = cocoop.classifier(m, CLASSES)) {
                float[] got = c.logits(m, c.encodeImages(m, images)).toFloatArray();
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("logit %d", i).isCloseTo(expected.get(i), within(1e-3f));
                }
            }
        }
    }

    @Test
    void scoringInChunksGivesTheSameLogits() {
        try (NDManager m = root.newSubManager(); PromptLearner cocoop = learner(m, 2)) {
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add("lesion " + i);
            }
            NDArray images = images(m, 5);
            try (Classifier c = cocoop.classifier(m, many)) {
                NDArray features = c.encodeImages(m, images);
                NDArray all = c.logits(m, features);
                assertThat(all.getShape()).isEqualTo(new Shape(5, 200));
                NDArray one = c.logits(m, features.get("3:4"));
                assertThat(one.sub(all.get("3:4")).abs().max().getFloat()).isLessThan(1e-4f);
            }
        }
    }
}
