package dev.bioprompt.methods.biomedcoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BiomedCoopLearnerTest {

    private static final List<String> CLASSES = List.of("tumor", "cyst");
    private static final ClassDescriptions DESCRIPTIONS = new ClassDescriptions("test.json", Map.of(
            "tumor", List.of("a bright mass.", "an irregular lesion.", "a large tumor in the brain.", "extra one."),
            "cyst", List.of("a dark round sac.", "a fluid filled cavity.", "a small cyst.")));

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
        BiomedCoopMethod method = new BiomedCoopMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, DESCRIPTIONS, params, manager, 1));
    }

    private static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    private static NDArray meanFeature(NDManager m, List<String> texts) {
        return normalize(normalize(model.encodeText(m, model.tokenize(texts))).mean(new int[] {0}));
    }

    @Test
    void lossTermsMatchAnIndependentComputation() {
        Map<String, String> params = Map.of(BiomedCoopMethod.TEXT_DROPOUT, "false", BiomedCoopMethod.LAMBDA_SCCM, "3",
                BiomedCoopMethod.LAMBDA_KDSP, "2", BiomedCoopMethod.TAU, "100");
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, params)) {
            m.getEngine().setRandomSeed(5);
            NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
            NDArray labels = m.create(new long[] {0, 1, 1});
            LossResult loss = learner.loss(m, new TrainingBatch(images, labels, Map.of()));

            float s = model.logitScale();
            NDArray text = normalize(model.encodeText(m, model.tokenize(List.of("a photo of a tumor.", "a photo of a cyst."))));
            NDArray image = normalize(model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
            NDArray logits = ScalarOps.mul(image.matMul(text.transpose()), s);
            // a huge tau keeps every description; SCCM uses all of them, the teacher only the first 3 of each class
            NDArray all = meanFeature(m, DESCRIPTIONS.of("tumor")).stack(meanFeature(m, DESCRIPTIONS.of("cyst")));
            NDArray firstThree = meanFeature(m, DESCRIPTIONS.of("tumor").subList(0, 3))
                    .stack(meanFeature(m, DESCRIPTIONS.of("cyst")));
            NDArray teacher = ScalarOps.mul(image.matMul(firstThree.transpose()), s);

            float[] z = logits.toFloatArray();
            float[] zt = teacher.toFloatArray();
            double ce = 0;
            double kl = 0;
            long[] y = labels.toLongArray();
            for (int b = 0; b < 3; b++) {
                double[] logP = logSoftmax(z[2 * b], z[2 * b + 1]);
                double[] logQ = logSoftmax(zt[2 * b], zt[2 * b + 1]);
                ce -= logP[(int) y[b]];
                for (int c = 0; c < 2; c++) {
                    kl += Math.exp(logQ[c]) * (logQ[c] - logP[c]);
                }
            }
            double sccm = text.sub(all).square().mean().getFloat();
            assertThat(loss.logits().sub(logits).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(loss.terms().get("ce").getFloat()).isCloseTo((float) (ce / 3), within(1e-4f));
            assertThat(loss.terms().get("sccm").getFloat()).isCloseTo((float) (3 * sccm), within(1e-6f));
            assertThat(loss.terms().get("kdsp").getFloat()).isCloseTo((float) (2 * kl / 6), within(1e-5f));
            float total = loss.terms().values().stream().map(NDArray::getFloat).reduce(0f, Float::sum);
            assertThat(loss.total().getFloat()).isCloseTo(total, within(1e-5f));
        }
    }

    private static double[] logSoftmax(double a, double b) {
        double max = Math.max(a, b);
        double log = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
        return new double[] {a - log, b - log};
    }

    @Test
    void textDropoutMakesTrainingLossesStochasticByDefault() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of())) {
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            NDArray labels = m.create(new long[] {0, 1});
            TrainingBatch batch = new TrainingBatch(images, labels, Map.of());
            float first = learner.loss(m, batch).terms().get("sccm").getFloat();
            float second = learner.loss(m, batch).terms().get("sccm").getFloat();
            assertThat(first).isNotEqualTo(second);
        }
    }

    @Test
    void wordInitialisationOnlyWithFourContextVectors() {
        try (NDManager m = root.newSubManager(); PromptLearner words = learner(m, Map.of());
             PromptLearner random = learner(m, Map.of(BiomedCoopMethod.N_CTX, "5"))) {
            NDArray ctx = words.trainable().get("ctx");
            NDArray expected = model.wordEmbeddings(m, model.tokenize(List.of("a photo of a"))).get("0, 1:5, :");
            assertThat(ctx.sub(expected).abs().max().getFloat()).isEqualTo(0f);
            NDArray randomCtx = random.trainable().get("ctx");
            assertThat(randomCtx.getShape()).isEqualTo(new Shape(5, 128));
            assertThat(Math.sqrt(randomCtx.square().mean().getFloat())).isBetween(0.015, 0.025);
        }
    }

    @Test
    void classifierScoresNovelClassesWithoutDescriptions() {
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, Map.of());
             Classifier classifier = learner.classifier(m, List.of("polyp", "ulcer", "normal colon"))) {
            NDArray features = classifier.encodeImages(m, m.randomNormal(new Shape(2, 3, 64, 64)));
            assertThat(classifier.logits(m, features).getShape()).isEqualTo(new Shape(2, 3));
            assertThat(features.getDataType()).isEqualTo(DataType.FLOAT32);
        }
    }

    @Test
    void presetsCarryTheReferenceValuesPerProtocol() {
        Map<String, Map<String, String>> presets = new BiomedCoopMethod().presets();
        assertThat(presets.get("KneeXray")).containsEntry("lambda-sccm", "5.0").containsEntry("lambda-kdsp", "20.0")
                .containsEntry("tau", "1.75");
        assertThat(presets.get("COVID_19@base-to-novel")).containsEntry("lambda-sccm", "20.0")
                .containsEntry("lambda-kdsp", "1.0").containsEntry("tau", "1.25");
        assertThat(presets).containsKey("BUSI").doesNotContainKey("BUSI@base-to-novel");
        assertThat(presets).hasSize(21);
        BiomedCoopMethod method = new BiomedCoopMethod();
        MethodParameters resolved = MethodParameters.resolve(method.name(), method.parameters(),
                List.of(presets.get("RETINA@base-to-novel")));
        assertThat(resolved.getDouble("tau")).isEqualTo(2.0);
        assertThat(resolved.getInt("n-ctx")).isEqualTo(4);
    }

}
