package dev.bioprompt.backbone;

import static dev.bioprompt.backbone.ParityFixture.floats;
import static dev.bioprompt.backbone.ParityFixture.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.ModelDimensions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.image.ClipImagePreprocessor;
import dev.bioprompt.backbone.image.ImageFiles;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.vision.VitConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BiomedClipLoaderTest {

    /** Token ids as recorded by the reference tokenizer, keyed by raw text. */
    static Function<List<String>, TokenizedText> recordedTokenizer(JsonNode reference) {
        Map<String, long[]> ids = new HashMap<>();
        reference.get("texts").forEach(t -> ids.put(t.get("text").asText(), ParityFixture.longs(t.get("ids"))));
        return texts -> {
            long[][] rows = texts.stream().map(ids::get).toArray(long[][]::new);
            int[] lengths = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                for (long id : rows[i]) {
                    lengths[i] += id != 0 ? 1 : 0;
                }
            }
            return new TokenizedText(rows, lengths);
        };
    }

    /** The tiny_b image preprocessing (64 px). */
    static final ImagePreprocessor TINY_B_PREPROCESSOR = new ClipImagePreprocessor(64, OpenClipConfig.CLIP_MEAN,
            OpenClipConfig.CLIP_STD);

    static BiomedClipModel load(Path dir, JsonNode reference, AutoCloseable... owned) throws IOException {
        return BiomedClipLoader.load(dir, Device.cpu(), recordedTokenizer(reference), TINY_B_PREPROCESSOR, owned);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_a", "tiny_b"})
    void loadsReleasedLayoutAndMatchesReference(String name) throws Exception {
        Path dir = ParityFixture.dir(name);
        JsonNode reference = ParityFixture.reference(name);
        int size = reference.get("image_size").asInt();
        try (BiomedClipModel model = BiomedClipLoader.load(dir, Device.cpu());
             NDManager step = NDManager.newBaseManager()) {
            assertThat(model.dimensions()).isEqualTo(new ModelDimensions(64, 128, 2, 128, 2, 256, size));
            assertThat(model.logitScale()).isCloseTo(reference.get("logit_scale_exp").floatValue(),
                    Offset.offset(1e-3f));
            Path checkpoint = dir.resolve(reference.get("weights_file").asText());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(checkpoint)));
            assertThat(model.fingerprint()).isEqualTo("biomedclip:" + sha);
            assertThat(model.device()).isEqualTo(Device.cpu());

            JsonNode texts = reference.get("texts");
            List<String> raw = new ArrayList<>();
            texts.forEach(t -> raw.add(t.get("text").asText()));
            NDArray features = model.encodeText(step, model.tokenize(raw));
            for (int i = 0; i < raw.size(); i++) {
                assertThat(maxAbsDiff(features.get(i).toFloatArray(), floats(texts.get(i).get("features"))))
                        .as("text %d", i).isLessThan(1e-4);
            }
            List<BufferedImage> files = new ArrayList<>();
            for (JsonNode image : reference.get("images")) {
                files.add(ImageFiles.read(dir.resolve(image.get("file").asText())));
            }
            NDArray fileFeatures = model.encodeImage(step, model.preprocessor().toTensor(step, files),
                    VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
            for (int i = 0; i < files.size(); i++) {
                assertThat(maxAbsDiff(fileFeatures.get(i).toFloatArray(),
                        floats(reference.get("images").get(i).get("features")))).as("image %d", i).isLessThan(1e-4);
            }
            NDArray images = ParityFixture.syntheticImage(step, 2, size);
            NDArray pooled = model.encodeImage(step, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
            assertThat(maxAbsDiff(pooled.toFloatArray(), floats(reference.at("/synthetic_image/features"))))
                    .isLessThan(1e-4);
        }
    }

    @Test
    void gradientsReachInputsButNotWeights() throws Exception {
        JsonNode reference = ParityFixture.reference("tiny_b");
        Weights weights = BiomedClipLoader.readWeights(ParityFixture.dir("tiny_b")
                .resolve("open_clip_model.safetensors"), Device.cpu());
        try (BiomedClipModel model = new BiomedClipModel(weights, BertConfig.from(weights), VitConfig.from(weights),
                     256, recordedTokenizer(reference), TINY_B_PREPROCESSOR, "test");
             NDManager step = NDManager.newBaseManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TokenizedText tokens = model.tokenize(List.of("A photo of a Tumor."));
                NDArray embeddings = model.wordEmbeddings(step, tokens);
                embeddings.setRequiresGradient(true);
                NDArray prompt = step.randomNormal(new Shape(2, 128));
                prompt.setRequiresGradient(true);
                NDArray text = model.encodeText(step, new TextPrompt(embeddings, tokens.lengths()), true);
                NDArray image = model.encodeImage(step, ParityFixture.syntheticImage(step, 1, 64),
                        new VisualPrompts(List.of(prompt), VisualPrompts.Mode.INSERT), ImageEncodeOptions.POOLED)
                        .pooled();
                collector.backward(text.mul(image).sum());
                try (NDArray g1 = embeddings.getGradient(); NDArray g2 = prompt.getGradient()) {
                    assertThat(g1.abs().sum().getFloat()).isPositive();
                    assertThat(g2.abs().sum().getFloat()).isPositive();
                }
            }
            for (String key : weights.keys()) {
                assertThat(weights.get(key, weights.shape(key).getShape()).hasGradient()).as(key).isFalse();
            }
        }
    }

    @Test
    void skipsPositionIdsBufferOfBinCheckpoint() throws IOException {
        try (Weights weights = BiomedClipLoader.readWeights(ParityFixture.dir("tiny_a")
                .resolve(BiomedClipLoader.BIN_CHECKPOINT), Device.cpu())) {
            assertThat(weights.keys()).doesNotContain("text.transformer.embeddings.position_ids")
                    .contains("logit_scale", "visual.head.proj.weight");
        }
    }

    @Test
    void wrongShapeNamesKeyAndBothShapesAndClosesEverything(@TempDir Path tmp) throws Exception {
        Path dir = copyWithEditedCheckpoint(tmp, "visual.head.proj.weight", new Shape(64, 100));
        AtomicBoolean closed = new AtomicBoolean();
        assertThatThrownBy(() -> load(dir, ParityFixture.reference("tiny_b"), () -> closed.set(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visual.head.proj.weight'")
                .hasMessageContaining("(64, 100)")
                .hasMessageContaining("(64, 128)");
        assertThat(closed).isTrue();
    }

    @Test
    void missingKeyIsNamed(@TempDir Path tmp) throws Exception {
        String key = "text.transformer.encoder.layer.1.output.LayerNorm.bias";
        Path dir = copyWithEditedCheckpoint(tmp, key, null);
        assertThatThrownBy(() -> load(dir, ParityFixture.reference("tiny_b")))
                .hasMessageContaining("'" + key + "' is missing").hasMessageContaining("(128)");
    }

    @Test
    void preprocessingSizeMustFitCheckpoint() {
        assertThatThrownBy(() -> load(ParityFixture.dir("tiny_a"), ParityFixture.reference("tiny_a")))
                .hasMessageContaining("64 px").hasMessageContaining("fits 224 px");
    }

    @Test
    void folderWithoutCheckpointIsRejected(@TempDir Path tmp) {
        assertThatThrownBy(() -> BiomedClipLoader.checkpointFile(tmp))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(BiomedClipLoader.BIN_CHECKPOINT);
    }

    /** Copies tiny_b with one checkpoint tensor removed ({@code shape == null}) or replaced by zeros of a shape. */
    private static Path copyWithEditedCheckpoint(Path tmp, String key, Shape shape) throws IOException {
        Path source = ParityFixture.dir("tiny_b");
        for (String file : List.of("open_clip_config.json", "config.json", "vocab.txt")) {
            Files.copy(source.resolve(file), tmp.resolve(file));
        }
        try (NDManager manager = NDManager.newBaseManager();
             var in = Files.newInputStream(source.resolve("open_clip_model.safetensors"));
             OutputStream out = Files.newOutputStream(tmp.resolve("model.safetensors"))) {
            NDList edited = new NDList();
            for (NDArray array : NDList.decode(manager, in)) {
                if (!array.getName().equals(key)) {
                    edited.add(array);
                } else if (shape != null) {
                    NDArray replacement = manager.zeros(shape);
                    replacement.setName(key);
                    edited.add(replacement);
                }
            }
            edited.encode(out, NDList.Encoding.SAFETENSORS);
        }
        return tmp;
    }
}
