package dev.bioprompt.backbone.vision;

import static dev.bioprompt.backbone.ParityFixture.array;
import static dev.bioprompt.backbone.ParityFixture.floats;
import static dev.bioprompt.backbone.ParityFixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.ImageEncoding;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.ParityFixture;
import dev.bioprompt.backbone.Weights;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VitEncoderTest {

    private static final String MODEL = "tiny_b";
    private static NDManager root;
    private static Weights weights;
    private static VitEncoder encoder;
    private static JsonNode reference;

    @BeforeAll
    static void load() {
        root = NDManager.newBaseManager();
        weights = ParityFixture.safetensorsWeights(root, ParityFixture.dir(MODEL).resolve("open_clip_model.safetensors"));
        encoder = new VitEncoder(weights, VitConfig.from(weights));
        reference = ParityFixture.reference(MODEL);
    }

    @AfterAll
    static void close() {
        root.close();
    }

    @Test
    void readsSizesFromShapes() {
        VitConfig c = encoder.config();
        assertThat(c).isEqualTo(new VitConfig(128, 2, 2, 256, 16, 4, 64, 1e-6f));
        assertThat(c.imageSize()).isEqualTo(reference.get("image_size").asInt());
    }

    @Test
    void syntheticImageFeaturesMatchReference() {
        try (NDManager step = root.newSubManager()) {
            NDArray x = ParityFixture.syntheticImage(step, 2, encoder.config().imageSize());
            assertThat(x.sum().getFloat()).isCloseTo(reference.at("/synthetic_image/sum").floatValue(),
                    Offset.offset(1e-2f));
            ImageEncoding out = encoder.encode(step, x, VisualPrompts.none(), ImageEncodeOptions.POOLED);
            assertThat(out.pooled().getShape()).isEqualTo(new Shape(2, 64));
            assertThat(maxAbsDiff(out.pooled().toFloatArray(), floats(reference.at("/synthetic_image/features"))))
                    .isLessThan(1e-4);
            assertThat(out.patches()).isEmpty();
            assertThat(out.attention()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(VisualPrompts.Mode.class)
    void deepPromptsMatchReferenceFeaturesAndGradients(VisualPrompts.Mode mode) {
        JsonNode vp = reference.get("visual_prompts");
        JsonNode expected = vp.get(mode.name().toLowerCase());
        try (NDManager step = root.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<NDArray> prompts = new ArrayList<>();
            for (JsonNode p : vp.get("prompts")) {
                NDArray prompt = array(step, p);
                prompt.setRequiresGradient(true);
                prompts.add(prompt);
            }
            NDArray x = ParityFixture.syntheticImage(step, 2, encoder.config().imageSize());
            ImageEncoding out = encoder.encode(step, x, new VisualPrompts(prompts, mode), ImageEncodeOptions.POOLED);
            collector.backward(out.pooled().mul(array(step, vp.get("R2"))).sum());

            assertThat(maxAbsDiff(out.pooled().toFloatArray(), floats(expected.get("features")))).isLessThan(1e-4);
            for (int l = 0; l < prompts.size(); l++) {
                try (NDArray grad = prompts.get(l).getGradient()) {
                    float[] want = floats(expected.get("grad_prompts").get(l));
                    assertThat(maxAbsDiff(grad.toFloatArray(), want)).as("layer %d gradient", l).isLessThan(1e-4);
                }
            }
        }
    }

    @Test
    void perImagePromptsEqualSharedPrompts() {
        JsonNode vp = reference.get("visual_prompts");
        try (NDManager step = root.newSubManager()) {
            List<NDArray> shared = new ArrayList<>();
            List<NDArray> perImage = new ArrayList<>();
            for (JsonNode p : vp.get("prompts")) {
                NDArray prompt = array(step, p);
                shared.add(prompt);
                perImage.add(prompt.expandDims(0).repeat(0, 2));
            }
            NDArray x = ParityFixture.syntheticImage(step, 2, encoder.config().imageSize());
            float[] a = encoder.encode(step, x, new VisualPrompts(shared, VisualPrompts.Mode.INSERT),
                    ImageEncodeOptions.POOLED).pooled().toFloatArray();
            float[] b = encoder.encode(step, x, new VisualPrompts(perImage, VisualPrompts.Mode.INSERT),
                    ImageEncodeOptions.POOLED).pooled().toFloatArray();
            assertThat(maxAbsDiff(a, b)).isLessThan(1e-6);
        }
    }

    @Test
    void patchTokensAndClsAttention() {
        try (NDManager step = root.newSubManager()) {
            NDArray x = ParityFixture.syntheticImage(step, 2, encoder.config().imageSize());
            ImageEncoding out = encoder.encode(step, x, VisualPrompts.none(), new ImageEncodeOptions(true, true));
            int patches = encoder.config().numPatches();
            assertThat(out.patchTokens().getShape()).isEqualTo(new Shape(2, patches, 64));
            assertThat(out.clsAttention().getShape()).isEqualTo(new Shape(2, patches));
            float[] attention = out.clsAttention().sum(new int[] {1}).toFloatArray();
            for (float total : attention) {
                assertThat(total).isBetween(0f, 1f);
            }
            assertThat(out.pooled().getManager()).isSameAs(step);
        }
    }

    @ParameterizedTest
    @EnumSource(VisualPrompts.Mode.class)
    void patchTokensLeaveOutPromptTokens(VisualPrompts.Mode mode) {
        try (NDManager step = root.newSubManager()) {
            NDArray x = ParityFixture.syntheticImage(step, 2, encoder.config().imageSize());
            VisualPrompts prompts = new VisualPrompts(List.of(step.randomNormal(new Shape(3, 128))), mode);
            ImageEncoding out = encoder.encode(step, x, prompts, new ImageEncodeOptions(true, true));
            int patches = encoder.config().numPatches() - (mode == VisualPrompts.Mode.OVERWRITE ? 3 : 0);
            assertThat(out.patchTokens().getShape()).isEqualTo(new Shape(2, patches, 64));
            assertThat(out.clsAttention().getShape()).isEqualTo(new Shape(2, patches));
        }
    }

    @Test
    void rejectsPromptsForMoreLayersThanBlocks() {
        try (NDManager step = root.newSubManager()) {
            NDArray p = step.zeros(new Shape(1, 128));
            VisualPrompts prompts = new VisualPrompts(List.of(p, p, p), VisualPrompts.Mode.INSERT);
            assertThatThrownBy(() -> encoder.encode(step, step.zeros(new Shape(1, 3, 64, 64)), prompts,
                    ImageEncodeOptions.POOLED)).hasMessageContaining("3 layers").hasMessageContaining("2 blocks");
        }
    }

    @Test
    void rejectsWrongImageSizeAndPromptWidth() {
        try (NDManager step = root.newSubManager()) {
            assertThatThrownBy(() -> encoder.encode(step, step.zeros(new Shape(1, 3, 32, 32)), VisualPrompts.none(),
                    ImageEncodeOptions.POOLED)).hasMessageContaining("[B, 3, 64, 64]");
            VisualPrompts bad = new VisualPrompts(List.of(step.zeros(new Shape(2, 7))), VisualPrompts.Mode.INSERT);
            assertThatThrownBy(() -> encoder.encode(step, step.zeros(new Shape(1, 3, 64, 64)), bad,
                    ImageEncodeOptions.POOLED)).hasMessageContaining("layer 0").hasMessageContaining("128");
        }
    }
}
