package dev.bioprompt.backbone;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.model.FullTextEmbeddings;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.ImageEncoding;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.ModelDimensions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.text.BertTextEncoder;
import dev.bioprompt.backbone.vision.VitConfig;
import dev.bioprompt.backbone.vision.VitEncoder;
import java.util.List;
import java.util.function.Function;

/**
 * BiomedCLIP (timm ViT image tower, HF BERT text tower with MLP projection, learned logit scale) on DJL with frozen
 * weights. Gradients flow only into the inputs: text prompt embeddings and visual prompts.
 */
public final class BiomedClipModel implements VisionLanguageModel, FullTextEmbeddings {

    /** Checkpoint key of the log temperature. */
    public static final String LOGIT_SCALE = "logit_scale";

    private final Weights weights;
    private final VitEncoder vision;
    private final BertTextEncoder text;
    private final ModelDimensions dimensions;
    private final Function<List<String>, TokenizedText> tokenizer;
    private final ImagePreprocessor preprocessor;
    private final String fingerprint;
    private final float logitScale;
    private final AutoCloseable[] owned;
    private final FrozenPrecision precision;
    private final Weights reducedWeights;
    private final VitEncoder reducedVision;
    private final BertTextEncoder reducedText;

    /**
     * Binds the towers to {@code weights}, checking every key and shape.
     *
     * @param weights the checkpoint arrays; closed with the model
     * @param contextLength the length texts are padded to
     * @param tokenizer turns texts into ids padded to {@code contextLength}
     * @param fingerprint the stable identifier of the weights
     * @param owned further resources (the tokenizer) closed with the model
     */
    public BiomedClipModel(Weights weights, BertConfig textConfig, VitConfig visionConfig, int contextLength,
                           Function<List<String>, TokenizedText> tokenizer, ImagePreprocessor preprocessor,
                           String fingerprint, AutoCloseable... owned) {
        this(weights, textConfig, visionConfig, contextLength, tokenizer, preprocessor, fingerprint,
                FrozenPrecision.FLOAT32, owned);
    }

    /**
     * Binds the towers to {@code weights} and, for a reduced {@code precision}, to a converted copy of them that
     * encodes the inputs that need no gradient (see {@link FrozenPrecision}).
     */
    public BiomedClipModel(Weights weights, BertConfig textConfig, VitConfig visionConfig, int contextLength,
                           Function<List<String>, TokenizedText> tokenizer, ImagePreprocessor preprocessor,
                           String fingerprint, FrozenPrecision precision, AutoCloseable... owned) {
        this.precision = requireNonNull(precision, "precision is null");
        this.weights = requireNonNull(weights, "weights is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.preprocessor = requireNonNull(preprocessor, "preprocessor is null");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint is null");
        this.owned = owned.clone();
        this.vision = new VitEncoder(weights, requireNonNull(visionConfig, "visionConfig is null"));
        this.text = new BertTextEncoder(weights, requireNonNull(textConfig, "textConfig is null"));
        if (textConfig.embedDim() != visionConfig.embedDim()) {
            throw new IllegalArgumentException("text projection gives " + textConfig.embedDim()
                    + " dimensions but the image projection gives " + visionConfig.embedDim());
        }
        if (contextLength > textConfig.maxPositions()) {
            throw new IllegalArgumentException("context length " + contextLength + " exceeds the "
                    + textConfig.maxPositions() + " position embeddings of the text tower");
        }
        this.logitScale = (float) Math.exp(weights.get(LOGIT_SCALE).getFloat());
        if (precision.isReduced()) {
            this.reducedWeights = weights.converted(precision.dataType(), LOGIT_SCALE::equals);
            this.reducedVision = new VitEncoder(reducedWeights, visionConfig);
            this.reducedText = new BertTextEncoder(reducedWeights, textConfig);
        } else {
            this.reducedWeights = null;
            this.reducedVision = null;
            this.reducedText = null;
        }
        this.dimensions = new ModelDimensions(visionConfig.embedDim(), textConfig.width(), textConfig.layers(),
                visionConfig.width(), visionConfig.layers(), contextLength, visionConfig.imageSize());
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public ModelDimensions dimensions() {
        return dimensions;
    }

    @Override
    public Device device() {
        return weights.manager().getDevice();
    }

    @Override
    public TokenizedText tokenize(List<String> texts) {
        return tokenizer.apply(requireNonNull(texts, "texts is null"));
    }

    @Override
    public NDArray wordEmbeddings(NDManager manager, TokenizedText tokens) {
        return text.wordEmbeddings(manager, tokens);
    }

    @Override
    public NDArray fullTextEmbeddings(NDManager manager, TokenizedText tokens) {
        return text.fullEmbeddings(manager, requireNonNull(tokens, "tokens is null"));
    }

    @Override
    public NDArray encodeText(NDManager manager, TextPrompt prompt, boolean training) {
        return text.encode(manager, prompt, training);
    }

    /**
     * Encodes tokenised texts (the plain, gradient-free path); in the reduced precision when one is configured.
     */
    @Override
    public NDArray encodeText(NDManager manager, TokenizedText tokens) {
        if (reducedText == null) {
            return VisionLanguageModel.super.encodeText(manager, tokens);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = reducedText.wordEmbeddings(scope, tokens);
            NDArray features = FrozenPrecision.toFloat32(reducedText.encode(scope,
                    new TextPrompt(embeddings, tokens.lengths()), false));
            features.attach(manager);
            return features;
        }
    }

    /**
     * Encodes images; without visual prompts (nothing to learn, so no gradient) in the reduced precision when one is
     * configured, with visual prompts always in float32.
     */
    @Override
    public ImageEncoding encodeImage(NDManager manager, NDArray images, VisualPrompts prompts,
                                     ImageEncodeOptions options) {
        if (reducedVision == null || !prompts.isEmpty()) {
            return vision.encode(manager, images, prompts, options);
        }
        try (NDManager scope = manager.newSubManager()) {
            ImageEncoding encoding = reducedVision.encode(scope, precision.toTower(images), prompts, options);
            ImageEncoding result = new ImageEncoding(FrozenPrecision.toFloat32(encoding.pooled()),
                    FrozenPrecision.toFloat32(encoding.patchTokens()),
                    FrozenPrecision.toFloat32(encoding.clsAttention()));
            result.pooled().attach(manager);
            result.patches().ifPresent(patches -> patches.attach(manager));
            result.attention().ifPresent(attention -> attention.attach(manager));
            return result;
        }
    }

    /** The element type of the gradient-free tower passes. */
    public FrozenPrecision precision() {
        return precision;
    }

    @Override
    public float logitScale() {
        return logitScale;
    }

    @Override
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("closing " + resource + " failed", e) : failure;
            }
        }
        weights.close();
        if (reducedWeights != null) {
            reducedWeights.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
