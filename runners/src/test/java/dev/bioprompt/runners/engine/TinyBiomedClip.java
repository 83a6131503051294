package dev.bioprompt.runners.engine;

import ai.djl.Device;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.OpenClipConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The tiny BiomedCLIP-shaped parity fixture of the backbone module (64-pixel images, 2+2 layers), loaded with a
 * simple word-level tokenizer over its vocabulary (enough for training tests; tokenizer parity is tested in the
 * backbone module).
 */
final class TinyBiomedClip {

    static final Path DIR = Path.of("..", "backbone", "src", "test", "resources", "parity", "tiny_b");
    static final int CONTEXT = 256;

    private TinyBiomedClip() {
    }

    static VisionLanguageModel load() {
        try {
            return BiomedClipLoader.load(DIR, Device.cpu(), tokenizer(DIR.resolve("vocab.txt")), preprocessor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Function<List<String>, TokenizedText> tokenizer(Path vocabFile) throws IOException {
        Map<String, Long> vocab = new HashMap<>();
        List<String> lines = Files.readAllLines(vocabFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i), (long) i);
        }
        return texts -> {
            long[][] ids = new long[texts.size()][CONTEXT];
            int[] lengths = new int[texts.size()];
            for (int t = 0; t < texts.size(); t++) {
                List<Long> row = new ArrayList<>();
                row.add(vocab.get("[CLS]"));
                for (String word : texts.get(t).toLowerCase(Locale.ROOT).split("\\s+|(?=\\p{Punct})|(?<=\\p{Punct})")) {
                    if (!word.isBlank()) {
                        row.add(vocab.getOrDefault(word, vocab.get("[UNK]")));
                    }
                }
                row.add(vocab.get("[SEP]"));
                for (int i = 0; i < row.size(); i++) {
                    ids[t][i] = row.get(i);
                }
                lengths[t] = row.size();
            }
            return new TokenizedText(ids, lengths);
        };
    }

    static ImagePreprocessor preprocessor() {
        return new ImagePreprocessor() {
            @Override
            public int imageSize() {
                return 64;
            }

            @Override
            public float[] mean() {
                return OpenClipConfig.clipMean();
            }

            @Override
            public float[] std() {
                return OpenClipConfig.clipStd();
            }

            @Override
            public float[] toPixels(BufferedImage image) {
                float[] out = new float[3 * 64 * 64];
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        int rgb = image.getRGB(x * image.getWidth() / 64, y * image.getHeight() / 64);
                        for (int c = 0; c < 3; c++) {
                            float v = ((rgb >> (16 - 8 * c)) & 0xff) / 255f;
                            out[c * 64 * 64 + y * 64 + x] = (v - mean()[c]) / std()[c];
                        }
                    }
                }
                return out;
            }
        };
    }
}
