package dev.bioprompt.methods.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
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

class ZeroShotMethodsTest {

    private static final List<String> CLASSES = List.of("tumor", "cyst");

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

    private static PromptLearner learner(PromptMethod method, NDManager m, Map<String, String> overrides,
                                         ClassDescriptions descriptions) {
        MethodParameters params = MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        DatasetInfo dataset = new DatasetInfo("TEST", "MRI", "brain", CLASSES, List.of(), Map.of());
        return method.create(new MethodContext(model, CLASSES, dataset, descriptions, params, m, 1));
    }

    private static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    @Test
    void zeroShotScoresTheTemplateFeatures() {
        try (NDManager m = root.newSubManager();
             PromptLearner learner = learner(new ZeroShotMethod(), m, Map.of(), ClassDescriptions.none());
             Classifier classifier = learner.classifier(m, CLASSES)) {
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            NDArray features = classifier.encodeImages(m, images);
            NDArray image = normalize(model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                    .pooled());
            NDArray text = normalize(model.encodeText(m, model.tokenize(List.of("a photo of a tumor.", "a photo of a cyst."))));
            NDArray expected = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            assertThat(classifier.logits(m, features).sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void ensembleAveragesTheNormalisedFeaturesOfTheFirstDescriptions() {
        ClassDescriptions descriptions = new ClassDescriptions("test.json", Map.of(
                "tumor", List.of("a bright mass.", "an irregular lesion.", "ignored beyond the limit."),
                "cyst", List.of("a dark round sac.", "a fluid filled cavity.")));
        try (NDManager m = root.newSubManager();
             PromptLearner learner = learner(new ZeroShotEnsembleMethod(), m,
                     Map.of(ZeroShotEnsembleMethod.N_PROMPTS, "2"), descriptions);
             Classifier classifier = learner.classifier(m, CLASSES)) {
            NDArray images = m.randomNormal(new Shape(2, 3, 64, 64));
            NDArray image = normalize(model.encodeImage(m, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                    .pooled());
            NDArray tumor = normalize(model.encodeText(m, model.tokenize(List.of("a bright mass.", "an irregular lesion."))))
                    .mean(new int[] {0});
            NDArray cyst = normalize(model.encodeText(m, model.tokenize(List.of("a dark round sac.", "a fluid filled cavity."))))
                    .mean(new int[] {0});
            NDArray text = normalize(tumor.stack(cyst));
            NDArray expected = ScalarOps.mul(image.matMul(text.transpose()), model.logitScale());
            NDArray logits = classifier.logits(m, classifier.encodeImages(m, images));
            assertThat(logits.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void ensembleWithoutDescriptionsForAClassNamesTheClassAndTheSource() {
        ClassDescriptions descriptions = new ClassDescriptions("descriptions/btmri.json",
                Map.of("tumor", List.of("a bright mass.")));
        try (NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> learner(new ZeroShotEnsembleMethod(), m, Map.of(), descriptions))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'cyst'").hasMessageContaining("descriptions/btmri.json");
        }
    }

    @Test
    void templateWithoutPlaceholderIsRejectedByKey() {
        try (NDManager m = root.newSubManager()) {
            assertThatThrownBy(() -> learner(new ZeroShotMethod(), m, Map.of("template", "a photo."),
                    ClassDescriptions.none()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method.zero-shot.template");
        }
    }

    @Test
    void zeroShotMethodsTrainNothing() {
        assertThat(new ZeroShotMethod().trainingDefaults().epochs()).isZero();
        assertThat(new ZeroShotEnsembleMethod().trainingDefaults().epochs()).isZero();
        assertThat(new ZeroShotEnsembleMethod().needsDescriptions()).isTrue();
    }
}
