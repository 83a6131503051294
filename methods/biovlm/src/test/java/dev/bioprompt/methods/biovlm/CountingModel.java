package dev.bioprompt.methods.biovlm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.ImageEncoding;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.ModelDimensions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import java.util.List;

/** A real backbone that counts how many text prompts went through the text tower. */
final class CountingModel implements VisionLanguageModel {

    private final VisionLanguageModel model;
    private long encodedTexts;

    CountingModel(VisionLanguageModel model) {
        this.model = model;
    }

    long encodedTexts() {
        return encodedTexts;
    }

    @Override
    public String fingerprint() {
        return model.fingerprint();
    }

    @Override
    public ModelDimensions dimensions() {
        return model.dimensions();
    }

    @Override
    public Device device() {
        return model.device();
    }

    @Override
    public TokenizedText tokenize(List<String> texts) {
        return model.tokenize(texts);
    }

    @Override
    public NDArray wordEmbeddings(NDManager manager, TokenizedText tokens) {
        return model.wordEmbeddings(manager, tokens);
    }

    @Override
    public NDArray encodeText(NDManager manager, TextPrompt prompt, boolean training) {
        encodedTexts += prompt.lengths().length;
        return model.encodeText(manager, prompt, training);
    }

    @Override
    public ImageEncoding encodeImage(NDManager manager, NDArray images, VisualPrompts prompts,
                                     ImageEncodeOptions options) {
        return model.encodeImage(manager, images, prompts, options);
    }

    @Override
    public float logitScale() {
        return model.logitScale();
    }

    @Override
    public ImagePreprocessor preprocessor() {
        return model.preprocessor();
    }

    @Override
    public void close() {
        model.close();
    }
}
