package dev.bioprompt.methods.dpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
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
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.testkit.TinyBiomedClip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DptLearnerTest {

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
        DptMethod method = new DptMethod();
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, ClassDescriptions.none(), params, manager, 1));
    }

    @Test
    void visualTokensStartSmallAndRandom() {
        try (NDManager m = root.newSubManager(); PromptLearner dpt = learner(m, Map.of())) {
            NDArray visual = dpt.trainable().get("visual-ctx");
            assertThat(visual.getShape()).isEqualTo(new Shape(4, 128));
            float std = (float) Math.sqrt(visual.square().mean().getFloat());
            assertThat(std).isCloseTo(0.02f, within(0.003f));
        }
    }

    @Test
    void theLossAndClassifierUseTheVisualTokensAtTheFirstBlockAndCoopText() {
        for (String mode : List.of("overwrite", "insert")) {
            try (NDManager m = root.newSubManager();
                 PromptLearner dpt = learner(m, Map.of("text-dropout", "false", "visual-prompt-mode", mode))) {
                m.getEngine().setRandomSeed(5);
                NDArray images = m.randomNormal(new Shape(3, 3, 64, 64));
                NDArray labels = m.create(new long[] {0, 2, 1});
                LossResult loss = dpt.loss(m, new TrainingBatch(images, labels, Map.of()));
                VisualPrompts.Mode expectedMode = mode.equals("insert") ? VisualPrompts.Mode.INSERT
                        : VisualPrompts.Mode.OVERWRITE;
                NDArray image = FeatureMath.normalize(model.encodeImage(m, images,
                        new VisualPrompts(List.of(dpt.trainable().get("visual-ctx")), expectedMode),
                        ImageEncodeOptions.POOLED).pooled());
                NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(TEXTS)));
                NDArray logits = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
                assertThat(loss.logits().sub(logits).abs().max().getFloat()).as(mode).isLessThan(1e-4f);
                assertThat(loss.total().getFloat()).isCloseTo(FeatureMath.crossEntropy(logits, labels).getFloat(),
                        within(1e-5f));
                try (Classifier c = dpt.classifier(m, CLASSES)) {
                    assertThat(c.logits(m, c.encodeImages(m, images)).sub(logits).abs().max().getFloat())
                            .isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void withoutVisualTokensOnlyTheTextContextIsLearned() {
        try (NDManager m = root.newSubManager(); PromptLearner dpt = learner(m, Map.of("visual-prompt-tokens", "0",
                "text-dropout", "false"))) {
            assertThat(dpt.trainable()).containsOnlyKeys("ctx");
            m.getEngine().setRandomSeed(5);
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            NDArray image = FeatureMath.normalize(model.encodeImage(m, images, VisualPrompts.none(),
                    ImageEncodeOptions.POOLED).pooled());
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(TEXTS)));
            NDArray zeroShot = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            try (Classifier c = dpt.classifier(m, CLASSES)) {
                assertThat(c.logits(m, c.encodeImages(m, images)).sub(zeroShot).abs().max().getFloat())
                        .isLessThan(1e-4f);
            }
        }
    }

    @Test
    void middlePositionMovesOneTokenAsTheReference() {
        try (NDManager m = root.newSubManager(); PromptLearner dpt = learner(m, Map.of("class-token-position",
                "middle"))) {
            m.getEngine().setRandomSeed(5);
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            // [CLS] a photo <first name token> of a <rest of the prompt>
            List<String> moved = List.of("a photo tumor of a.", "a photo normal of a tissue.", "a photo cyst of a.");
            NDArray text = FeatureMath.normalize(model.encodeText(m, model.tokenize(moved)));
            NDArray image = FeatureMath.normalize(model.encodeImage(m, images,
                    new VisualPrompts(List.of(dpt.trainable().get("visual-ctx")), VisualPrompts.Mode.OVERWRITE),
                    ImageEncodeOptions.POOLED).pooled());
            NDArray expected = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            try (Classifier c = dpt.classifier(m, CLASSES)) {
                assertThat(c.logits(m, c.encodeImages(m, images)).sub(expected).abs().max().getFloat())
                        .isLessThan(1e-4f);
            }
        }
    }
}
