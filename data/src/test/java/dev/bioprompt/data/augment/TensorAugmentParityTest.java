package dev.bioprompt.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Compares the pixel-space operations with torchvision's tensor operations on a normalised image (negative values
 * included), recorded by {@code tools/make_augment_fixtures.py} in {@code torchvision/tensor_augment.json}.
 */
class TensorAugmentParityTest {

    private static final double TOLERANCE = 1e-5;

    private static JsonNode fixture() throws IOException {
        try (InputStream in = TensorAugmentParityTest.class.getResourceAsStream("/torchvision/tensor_augment.json")) {
            assertThat(in).as("fixture torchvision/tensor_augment.json").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void colourBlurAndFlipMatchTorchvisionOnNormalisedPixels() throws IOException {
        JsonNode doc = fixture();
        int height = doc.get("shape").get(1).asInt();
        int width = doc.get("shape").get(2).asInt();
        float[] input = floats(doc.get("input"));
        float[] original = input.clone();
        boolean anyNegative = false;
        for (float v : input) {
            anyNegative |= v < 0;
        }
        assertThat(anyNegative).as("the fixture input has negative normalised values").isTrue();
        assertThat(doc.get("cases")).hasSize(11);
        for (JsonNode c : doc.get("cases")) {
            String op = c.get("op").asText();
            double factor = c.get("factor").asDouble();
            float[] actual = switch (op) {
                case "brightness" -> TensorColorJitter.adjustBrightness(input, height, width, factor);
                case "contrast" -> TensorColorJitter.adjustContrast(input, height, width, factor);
                case "saturation" -> TensorColorJitter.adjustSaturation(input, height, width, factor);
                case "hue" -> TensorColorJitter.adjustHue(input, height, width, factor);
                case "blur" -> new TensorGaussianBlur(3).blur(input, height, width, factor);
                case "flip" -> HorizontalFlip.flip(input, height, width);
                default -> throw new AssertionError("unknown op " + op);
            };
            float[] expected = floats(c.get("output"));
            assertThat(actual).as("%s %s", op, factor).hasSameSizeAs(expected);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).as("%s %s at %d", op, factor, i)
                        .isCloseTo(expected[i], within(TOLERANCE));
            }
        }
        assertThat(input).as("operations leave their input alone").containsExactly(original);
    }

    @Test
    void brightnessZeroesNegativeNormalisedValues() throws IOException {
        JsonNode doc = fixture();
        float[] input = floats(doc.get("input"));
        float[] out = TensorColorJitter.adjustBrightness(input, 6, 6, 1.2);
        for (int i = 0; i < input.length; i++) {
            if (input[i] < 0) {
                assertThat(out[i]).isZero();
            } else {
                assertThat(out[i]).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void releasedOrderStrongViewClampsWheneverTheJitterRuns() throws IOException {
        float[] input = floats(fixture().get("input"));
        PixelTransform strong = Augmentations.strongViewNormalised();
        int clamped = 0;
        int seeds = 400;
        for (int seed = 0; seed < seeds; seed++) {
            float[] out = strong.apply(input, 6, 6, new SplittableRandom(seed));
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : out) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min >= 0) {
                assertThat(max).as("a jittered view lies in [0, 1]").isLessThanOrEqualTo(1f);
                clamped++;
            }
        }
        // the jitter runs with p 0.8 and always includes brightness, which clamps every negative value to 0
        assertThat(clamped / (double) seeds).isBetween(0.72, 0.88);
    }

    @Test
    void brightnessOnlyJitterZeroesTheNegativesOfTheReleasedView() throws IOException {
        float[] input = floats(fixture().get("input"));
        float[] out = new TensorColorJitter(0.4, 0, 0, 0).apply(input, 6, 6, new SplittableRandom(3));
        for (int i = 0; i < input.length; i++) {
            if (input[i] <= 0) {
                assertThat(out[i]).isZero();
            }
        }
    }

    @Test
    void releasedOrderStrongViewIsReproduciblePerSeedAndLeavesItsInputAlone() throws IOException {
        float[] input = floats(fixture().get("input"));
        float[] original = input.clone();
        PixelTransform strong = Augmentations.strongViewNormalised();
        boolean differs = false;
        for (int seed = 0; seed < 20; seed++) {
            float[] a = strong.apply(input, 6, 6, new SplittableRandom(seed));
            float[] b = strong.apply(input, 6, 6, new SplittableRandom(seed));
            assertThat(a).containsExactly(b);
            differs |= !Arrays.equals(a, strong.apply(input, 6, 6, new SplittableRandom(seed + 1000)));
        }
        assertThat(differs).as("different seeds give different views").isTrue();
        assertThat(input).containsExactly(original);
    }

    @Test
    void flipTwiceIsTheIdentity() {
        float[] x = new float[3 * 2 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 7.5f;
        }
        float[] once = HorizontalFlip.flip(x, 2, 5);
        assertThat(once[0]).isEqualTo(x[4]);
        assertThat(once[5 * 5]).isEqualTo(x[5 * 5 + 4]);
        assertThat(HorizontalFlip.flip(once, 2, 5)).containsExactly(x);
    }
}
