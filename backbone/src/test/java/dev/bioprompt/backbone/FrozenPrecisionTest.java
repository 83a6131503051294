package dev.bioprompt.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.ScalarOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient-free tower passes in float16 against float32 on the embedded toy backbone: zero-shot logits, and one
 * CoOp-style training step (frozen image features, a float32 learnable context) with its context gradient. The
 * measured differences are printed; the bounds are a few times what was measured (README, "Reduced precision").
 */
class FrozenPrecisionTest {

    private static final int IMAGES = 6;
    private static final int CONTEXT = 4;
    private static final List<String> CLASSES = List.of("glioma tumor", "meningioma tumor", "no tumor");

    @TempDir
    static Path cache;

    static Path toy;

    @BeforeAll
    static void extract() throws IOException {
        toy = ToyBackbone.extract(cache);
    }

    /** Zero-shot logits, the logits and context gradient of one step, and the features with visual prompts. */
    private record Step(float[] zeroShot, float[] logits, float[] contextGradient, DataType gradientType,
                        float[] prompted) {
    }

    private static Step step(FrozenPrecision precision) throws IOException {
        try (BiomedClipModel model = BiomedClipLoader.load(toy, Device.cpu(), precision);
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            int width = model.dimensions().textWidth();
            int size = model.dimensions().imageSize();
            Random random = new Random(7);
            NDArray images = manager.create(gaussian(random, IMAGES * 3 * size * size, 1f),
                    new Shape(IMAGES, 3, size, size));
            NDArray context = manager.create(gaussian(random, CONTEXT * width, 0.02f), new Shape(1, CONTEXT, width));
            NDArray visual = manager.create(gaussian(random, 2 * model.dimensions().visionWidth(), 0.02f),
                    new Shape(2, model.dimensions().visionWidth()));
            float[] oneHot = new float[IMAGES * CLASSES.size()];
            for (int i = 0; i < IMAGES; i++) {
                oneHot[i * CLASSES.size() + i % CLASSES.size()] = 1f;
            }
            NDArray labels = manager.create(oneHot, new Shape(IMAGES, CLASSES.size()));

            NDArray image = model.encodeImage(manager, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                    .pooled();
            NDArray plainText = model.encodeText(manager, model.tokenize(CLASSES.stream()
                    .map(c -> "a photo of a " + c + ".").toList()));
            assertThat(image.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(plainText.getDataType()).isEqualTo(DataType.FLOAT32);
            float[] zeroShot = logits(image, plainText, model.logitScale()).toFloatArray();
            float[] prompted = model.encodeImage(manager, images,
                    new VisualPrompts(List.of(visual), VisualPrompts.Mode.INSERT), ImageEncodeOptions.POOLED)
                    .pooled().toFloatArray();

            TokenizedText tokens = model.tokenize(CLASSES.stream().map(c -> "x x x x " + c + ".").toList());
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                context.setRequiresGradient(true);
                NDArray embeddings = model.wordEmbeddings(manager, tokens);
                NDArray prompt = NDArrays.concat(new NDList(embeddings.get(new NDIndex(":, :1")),
                        context.repeat(0, CLASSES.size()), embeddings.get(new NDIndex(":, " + (1 + CONTEXT) + ":"))),
                        1);
                NDArray text = model.encodeText(manager, new TextPrompt(prompt, tokens.lengths()), false);
                NDArray logits = logits(image, text, model.logitScale());
                collector.backward(ScalarOps.div(logits.logSoftmax(1).mul(labels).sum().neg(), IMAGES));
                NDArray gradient = context.getGradient();
                return new Step(zeroShot, logits.toFloatArray(), gradient.toFloatArray(), gradient.getDataType(),
                        prompted);
            }
        }
    }

    private static NDArray logits(NDArray image, NDArray text, float scale) {
        NDArray imageNorm = image.div(image.norm(new int[] {1}, true));
        NDArray textNorm = text.div(text.norm(new int[] {1}, true));
        return ScalarOps.mul(imageNorm.matMul(textNorm.transpose()), scale);
    }

    private static float[] gaussian(Random random, int n, float scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian() * scale;
        }
        return out;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** ||a - b|| / ||b||. */
    private static double relativeError(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
            norm += b[i] * (double) b[i];
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void float16FrozenPassesStayCloseToFloat32AndGradientsStayFloat32() throws IOException {
        Step reference = step(FrozenPrecision.FLOAT32);
        Step half = step(FrozenPrecision.FLOAT16);
        double zeroShot = maxAbsDiff(half.zeroShot(), reference.zeroShot());
        double logits = maxAbsDiff(half.logits(), reference.logits());
        double gradient = relativeError(half.contextGradient(), reference.contextGradient());
        System.out.printf(Locale.ROOT, "float16 frozen passes vs float32 (toy backbone): zero-shot logits max |diff|"
                + " %.5f, training-step logits max |diff| %.5f, context gradient relative error %.6f%n",
                zeroShot, logits, gradient);
        assertThat(half.gradientType()).isEqualTo(DataType.FLOAT32);
        assertThat(zeroShot).isPositive().isLessThan(0.1);
        assertThat(logits).isPositive().isLessThan(0.1);
        assertThat(gradient).isPositive().isLessThan(0.01);
        assertThat(half.prompted()).as("passes with visual prompts stay float32").isEqualTo(reference.prompted());
    }

    @Test
    void theConvertedCopyHoldsEveryWeightButTheTemperatureInTheReducedType() throws IOException {
        try (Weights weights = BiomedClipLoader.readWeights(BiomedClipLoader.checkpointFile(toy), Device.cpu());
             Weights half = weights.converted(DataType.FLOAT16, BiomedClipModel.LOGIT_SCALE::equals)) {
            assertThat(half.keys()).containsExactlyElementsOf(weights.keys());
            for (String key : weights.keys()) {
                DataType expected = key.equals(BiomedClipModel.LOGIT_SCALE) ? DataType.FLOAT32 : DataType.FLOAT16;
                assertThat(half.get(key, half.shape(key).getShape()).getDataType()).as(key).isEqualTo(expected);
                assertThat(weights.get(key, weights.shape(key).getShape()).getDataType()).as(key)
                        .isEqualTo(DataType.FLOAT32);
            }
        }
    }

    @Test
    void theSettingNamesItsKeyAndValues() {
        assertThat(FrozenPrecision.parse("")).isEqualTo(FrozenPrecision.FLOAT32);
        assertThat(FrozenPrecision.parse("Float16")).isEqualTo(FrozenPrecision.FLOAT16);
        assertThatThrownBy(() -> FrozenPrecision.parse("fp8")).hasMessageContaining("backbone.precision")
                .hasMessageContaining("float32 or float16");
        assertThatThrownBy(() -> FrozenPrecision.parse("bfloat16")).hasMessageContaining("DJL 0.35.1");
    }
}
