package dev.bioprompt.methods.ogkd;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The tiny real BiomedCLIP of the backbone parity fixtures (2 layers, width 128, 64-pixel images). */
final class TinyBackbone {

    /** The model folder, relative to this module's folder. */
    static final Path DIR = Path.of("../../backbone/src/test/resources/parity/tiny_b");

    private static final int CONTEXT_LENGTH = 256;

    private TinyBackbone() {
    }

    /** Loads the model on the CPU with the folder's {@code tokenizer.json}. */
    static VisionLanguageModel open() {
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(DIR)
                    .optMaxLength(CONTEXT_LENGTH).optPadToMaxLength().optTruncation(true).build();
            return BiomedClipLoader.load(DIR, Device.cpu(), texts -> tokenize(tokenizer, texts), new Preprocessor(),
                    tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TokenizedText tokenize(HuggingFaceTokenizer tokenizer, List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        long[][] ids = new long[encodings.length][];
        int[] lengths = new int[encodings.length];
        for (int i = 0; i < encodings.length; i++) {
            ids[i] = encodings[i].getIds();
            lengths[i] = (int) Arrays.stream(encodings[i].getAttentionMask()).sum();
        }
        return new TokenizedText(ids, lengths);
    }

    /** The tests feed tensors directly; only the image size is used. */
    private static final class Preprocessor implements ImagePreprocessor {
        @Override
        public int imageSize() {
            return 64;
        }

        @Override
        public float[] mean() {
            return new float[] {0.48145466f, 0.4578275f, 0.40821073f};
        }

        @Override
        public float[] std() {
            return new float[] {0.26862954f, 0.26130258f, 0.27577711f};
        }

        @Override
        public float[] toPixels(BufferedImage image) {
            throw new UnsupportedOperationException("the tests pass preprocessed tensors");
        }
    }
}
