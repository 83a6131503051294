package dev.bioprompt.methods.biomeddpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BiomedDptLearnerTest {

    private static final List<String> CLASSES = List.of("tumor", "normal tissue");
    private static final ClassDescriptions DESCRIPTIONS = new ClassDescriptions("test.json", Map.of(
            "tumor", List.of("a bright mass.", "an irregular lesion.", "a large tumor in the brain."),
            "normal tissue", List.of("a normal brain.", "healthy tissue without a lesion.")));
    private static final String TEMPLATE = "a photo of a {} in the brain.";

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
        BiomedDptMethod method = new BiomedDptMethod();
        Map<String, String> values = new HashMap<>(Map.of(BiomedDptMethod.TEMPLATE, TEMPLATE));
        values.putAll(overrides);
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(values));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, DESCRIPTIONS, params, manager, 1));
    }

    private static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    private static NDArray textFeatures(NDManager m, List<String> texts) {
        return normalize(model.encodeText(m, model.tokenize(texts)));
    }

    private static NDArray zeroPromptImages(NDManager m, NDArray images, VisualPrompts.Mode mode) {
        List<NDArray> layers = new ArrayList<>();
        for (int l = 0; l < model.dimensions().visionLayers(); l++) {
            layers.add(m.zeros(new Shape(4, model.dimensions().visionWidth())));
        }
        return normalize(model.encodeImage(m, images, new VisualPrompts(layers, mode), ImageEncodeOptions.POOLED)
                .pooled());
    }

    @Test
    void lossTermsMatchAnIndependentComputation() {
        Map<String, String> params = Map.of(BiomedDptMethod.TEXT_DROPOUT, "false", BiomedDptMethod.LAMBDA_L1, "12.5",
                BiomedDptMethod.LAMBDA_KL, "0.25");
        try (NDManager m = root.newSubManager(); PromptLearner learner = learner(m, params)) {
            m.getEngine().setRandomSeed(5);
            NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
            NDArray labels = m.create(new long[] {0, 1, 1});
            LossResult loss = learner.loss(m, new TrainingBatch(images, labels, Map.of()));

            float s = model.logitScale();
            NDArray text = textFeatures(m, List.of("a photo of a tumor in the brain.",
                    "a photo of a normal tissue in the brain."));
            NDArray image = zeroPromptImages(m, images, VisualPrompts.Mode.OVERWRITE);
            NDList means = new NDList();
            for (String c : CLASSES) {
                means.add(textFeatures(m, DESCRIPTIONS.of(c)).mean(new int[] {0}));
            }
            NDArray p = normalize(NDArrays.stack(means, 0));
            NDArray logits = ScalarOps.mul(image.matMul(text.transpose()), s);
            NDArray teacher = ScalarOps.mul(image.matMul(p.transpose()), s);
            NDArray logP = logits.logSoftmax(-1);
            NDArray logQ = teacher.logSoftmax(-1);
            float ce = -(logP.getFloat(0, 0) + logP.getFloat(1, 1) + logP.getFloat(2, 1)) / 3;
            float kl = logQ.exp().mul(logQ.sub(logP)).sum().getFloat() / 6;
            float l1 = text.sub(p).abs().mean().getFloat();

            assertThat(loss.logits().sub(logits).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(loss.terms().get("ce").getFloat()).isCloseTo(ce, within(1e-4f));
            assertThat(loss.terms().get("l1").getFloat()).isCloseTo(12.5f * l1, within(1e-5f));
            assertThat(loss.terms().get("kl").getFloat()).isCloseTo(0.25f * kl, within(1e-5f));
            assertThat(loss.total().getFloat()).isCloseTo(ce + 12.5f * l1 + 0.25f * kl, within(1e-4f));
        }
    }

    @Test
    void classifierUsesZeroPromptsInTheConfiguredMode() {
        for (VisualPrompts.Mode mode : List.of(VisualPrompts.Mode.OVERWRITE, VisualPrompts.Mode.INSERT)) {
            try (NDManager m = root.newSubManager();
                 PromptLearner learner = learner(m, Map.of(BiomedDptMethod.VISUAL_PROMPT_MODE,
                         mode.name().toLowerCase(Locale.ROOT)));
                 Classifier classifier = learner.classifier(m, CLASSES)) {
                NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
                NDArray features = classifier.encodeImages(m, images);
                assertThat(features.sub(zeroPromptImages(m, images, mode)).abs().max().getFloat()).as(mode.name())
                        .isLessThan(1e-6f);
                NDArray plain = normalize(model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                        .pooled());
                assertThat(features.sub(plain).abs().max().getFloat()).as(mode.name()).isGreaterThan(1e-4f);
            }
        }
    }

    @Test
    void middlePositionMovesExactlyOneTokenAsTheReferenceDoes() {
        try (NDManager m = root.newSubManager();
             PromptLearner learner = learner(m, Map.of(BiomedDptMethod.CLASS_TOKEN_POSITION, "middle"));
             Classifier classifier = learner.classifier(m, CLASSES)) {
            // n-ctx 4, h = 2: [CLS] a photo <first token after the context> of a <rest>
            NDArray expected = ScalarOps.mul(textFeatures(m, List.of("a photo tumor of a in the brain.",
                    "a photo normal of a tissue in the brain.")).transpose(), model.logitScale());
            NDArray identity = m.eye(model.dimensions().embedDim());
            assertThat(classifier.logits(m, identity).sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void contextStartsFromTheFirstNCtxTokensOfCtxInit() {
        try (NDManager m = root.newSubManager();
             PromptLearner learner = learner(m, Map.of(BiomedDptMethod.CTX_INIT, "a chest X-ray photo of a",
                     BiomedDptMethod.N_CTX, "6",
                     BiomedDptMethod.TEMPLATE, "a chest X-ray photo of a {} affected by COVID-19 in the lung."))) {
            NDArray expected = model.wordEmbeddings(m, model.tokenize(List.of("a chest X-ray photo of a"))).get("0, 1:7, :");
            assertThat(learner.trainable().get("ctx").sub(expected).abs().max().getFloat()).isEqualTo(0f);
        }
    }

    @Test
    void presetsCarryTheClinicalTemplatesAndPerProtocolWeights() {
        BiomedDptMethod method = new BiomedDptMethod();
        Map<String, Map<String, String>> presets = method.presets();
        assertThat(presets).hasSize(22);
        assertThat(presets.get("COVID_19")).containsEntry("n-ctx", "6").containsEntry("lambda-l1", "65.0")
                .containsEntry("lambda-kl", "2.5").containsEntry("ctx-init", "a chest X-ray photo of a")
                .containsEntry("template", "a chest X-ray photo of a {} affected by COVID-19 in the lung.")
                .doesNotContainKey("class-token-position");
        assertThat(presets.get("DermaMNIST@base-to-novel")).containsEntry("lambda-l1", "11.5")
                .containsEntry("lambda-kl", "5.0").containsEntry("class-token-position", "middle");
        MethodParameters resolved = MethodParameters.resolve(method.name(), method.parameters(),
                List.of(presets.get("RETINA")));
        assertThat(resolved.getInt("n-ctx")).isEqualTo(4);
        assertThat(resolved.getString("template")).isEqualTo("a photo of a {} presented in image.");
        assertThat(resolved.getString("visual-prompt-mode")).isEqualTo("overwrite");
        assertThat(resolved.getBoolean("text-dropout")).isTrue();
    }

}
