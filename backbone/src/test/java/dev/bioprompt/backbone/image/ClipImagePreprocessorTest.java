package dev.bioprompt.backbone.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.backbone.image.ClipImagePreprocessor.WideGreyMode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Compares with Pillow + torchvision (open_clip's eval transform), recorded by tools/make_image_fixtures.py. */
class ClipImagePreprocessorTest {

    private static JsonNode expected;
    private static ClipImagePreprocessor preprocessor;

    @BeforeAll
    static void load() throws IOException {
        expected = new ObjectMapper().readTree(resource("images/expected.json").toFile());
        preprocessor = new ClipImagePreprocessor(expected.get("image_size").asInt(), floats(expected.get("mean")),
                floats(expected.get("std")));
    }

    static Path resource(String name) {
        try {
            return Path.of(ClipImagePreprocessorTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> images() {
        List<JsonNode> out = new ArrayList<>();
        expected.get("images").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void resizedAndCroppedPixelsEqualPillow(JsonNode image) throws IOException {
        String file = image.get("file").asText();
        BufferedImage decoded = ImageFiles.read(resource("images/" + file));
        assertThat(decoded.getWidth()).isEqualTo(image.get("size_wh").get(0).asInt());
        assertThat(decoded.getHeight()).isEqualTo(image.get("size_wh").get(1).asInt());

        int[][] got = preprocessor.resizeAndCrop(decoded);
        int[][] want = rgbPlanes(ImageIO.read(resource("images/expected/" + stem(file) + ".png").toFile()));

        int diff = maxAbsDiff(got, want);
        if (file.endsWith(".jpg")) {
            // equal here (measured max difference 0); another JDK or libjpeg-turbo build may round chroma upsampling by 1
            int decodeDiff = maxAbsDiff(rgbPlanes(decoded),
                    rgbPlanes(ImageIO.read(resource("images/expected/" + stem(file) + "_decoded.png").toFile())));
            assertThat(decodeDiff).as("JPEG decode difference of " + file).isLessThanOrEqualTo(1);
            assertThat(diff).as("max |difference| of " + file).isLessThanOrEqualTo(1);
        } else {
            assertThat(diff).as("max |difference| of " + file).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void normalisedValuesEqualTorchvision(JsonNode image) throws IOException {
        String file = image.get("file").asText();
        float[] pixels = preprocessor.toPixels(ImageFiles.read(resource("images/" + file)));
        int size = preprocessor.imageSize();
        assertThat(pixels).hasSize(3 * size * size);

        int stride = image.get("sample_stride").asInt();
        JsonNode samples = image.get("samples");
        float tolerance = file.endsWith(".jpg") ? 1.5f / 255 / 0.26f : 0f;
        for (int k = 0; k < samples.size(); k++) {
            assertThat(pixels[k * stride]).as(file + "[" + k * stride + "]")
                    .isCloseTo((float) samples.get(k).asDouble(), Offset.offset(tolerance));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grey16_150x100.png", "grey16_80x64.tif"})
    void sixteenBitGreyCanKeepItsHighByte(String file) throws IOException {
        BufferedImage decoded = ImageFiles.read(resource("images/" + file));
        assertThat(decoded.getRaster().getSampleModel().getSampleSize(0)).isEqualTo(16);
        ClipImagePreprocessor scaling = new ClipImagePreprocessor(preprocessor.imageSize(), preprocessor.mean(),
                preprocessor.std(), WideGreyMode.SCALE_TO_8_BIT);

        int[][] got = scaling.resizeAndCrop(decoded);

        assertThat(maxAbsDiff(got, rgbPlanes(ImageIO.read(resource("images/expected/" + stem(file) + "_scaled.png")
                .toFile())))).isZero();
    }

    @Test
    void matchesTheParityFixturesAt224() throws IOException {
        JsonNode reference = new ObjectMapper().readTree(resource("parity/tiny_a/reference.json").toFile());
        ClipImagePreprocessor p224 = new ClipImagePreprocessor(224, preprocessor.mean(), preprocessor.std());
        int plane = 224 * 224;
        int checked = 0;
        for (JsonNode image : reference.get("images")) {
            Path file = resource("parity/tiny_a/" + image.get("file").asText()).normalize();
            boolean jpeg = file.toString().endsWith(".jpg");
            float[] pixels = p224.toPixels(ImageFiles.read(file));
            JsonNode stats = image.get("preprocessed_stats");
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    sum += pixels[i];
                    min = Math.min(min, pixels[i]);
                    max = Math.max(max, pixels[i]);
                }
                String what = file.getFileName() + " channel " + c;
                assertThat(sum / plane).as("mean of " + what)
                        .isCloseTo(stats.get("mean").get(c).asDouble(), Offset.offset(jpeg ? 2e-3 : 1e-6));
                if (!jpeg) {
                    assertThat(min).as("min of " + what).isEqualTo((float) stats.get("min").get(c).asDouble());
                    assertThat(max).as("max of " + what).isEqualTo((float) stats.get("max").get(c).asDouble());
                }
                checked++;
            }
            JsonNode strided = image.get("preprocessed_strided");
            if (strided != null) {
                int stride = image.get("preprocessed_stride").asInt();
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < strided.get(c).size(); y++) {
                        for (int x = 0; x < strided.get(c).get(y).size(); x++) {
                            assertThat(pixels[c * plane + y * stride * 224 + x * stride])
                                    .isEqualTo((float) strided.get(c).get(y).get(x).asDouble());
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new ClipImagePreprocessor(0, new float[3], new float[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageSize");
        assertThatThrownBy(() -> new ClipImagePreprocessor(224, new float[2], new float[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values");
    }

    static int[][] rgbPlanes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] planes = new int[3][w * h];
        int bands = image.getRaster().getNumBands();
        for (int b = 0; b < 3; b++) {
            planes[b] = image.getRaster().getSamples(0, 0, w, h, Math.min(b, bands - 1), new int[w * h]);
        }
        return planes;
    }

    static int maxAbsDiff(int[][] got, int[][] want) {
        int max = 0;
        for (int c = 0; c < 3; c++) {
            int[] g = got[Math.min(c, got.length - 1)];
            int[] w = want[Math.min(c, want.length - 1)];
            assertThat(g).hasSameSizeAs(w);
            for (int i = 0; i < g.length; i++) {
                max = Math.max(max, Math.abs(g[i] - w[i]));
            }
        }
        return max;
    }

    private static String stem(String file) {
        return file.substring(0, file.lastIndexOf('.'));
    }

    private static float[] floats(JsonNode node) {
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) node.get(i).asDouble();
        }
        return out;
    }
}
