package dev.bioprompt.backbone.text;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.backbone.FusedAttention;
import dev.bioprompt.backbone.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The open_clip HFTextEncoder text tower: BERT embeddings on the {@code inputs_embeds} path, post-norm encoder
 * layers with a padding mask, class-token pooling at position 0 and the MLP projection.
 *
 * <p>The batch is cut to its longest real length before the encoder. Padding keys get the float minimum as
 * attention bias, so their softmax weight is exactly zero and the class-token output does not depend on them.
 */
public final class BertTextEncoder {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers = new ArrayList<>();
    private final TextProjection projection;

    /** Binds the arrays of {@code weights}, checking every shape against {@code config}. */
    public BertTextEncoder(Weights weights, BertConfig config) {
        this.config = requireNonNull(config, "config is null");
        embeddings = new BertEmbeddings(weights, config);
        FusedAttention attention = FusedAttention.load(weights.manager());
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new BertLayer(weights, config, i, attention));
        }
        projection = new TextProjection(weights, config);
    }

    public BertConfig config() {
        return config;
    }

    /** Raw word embeddings {@code [N, S, width]} of token ids, owned by {@code manager}. */
    public NDArray wordEmbeddings(NDManager manager, TokenizedText tokens) {
        int rows = tokens.size();
        int length = rows == 0 ? 0 : tokens.ids()[0].length;
        long[] flat = new long[rows * length];
        for (int i = 0; i < rows; i++) {
            if (tokens.ids()[i].length != length) {
                throw new IllegalArgumentException("token row " + i + " has " + tokens.ids()[i].length
                        + " ids but row 0 has " + length);
            }
            System.arraycopy(tokens.ids()[i], 0, flat, i * length, length);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = OwnedArrays.of(scope, flat, new Shape(rows, length));
            NDArray result = embeddings.words(ids);
            result.attach(manager);
            return result;
        }
    }

    /**
     * The embedding module's output (word, position and token-type embeddings, then LayerNorm; no dropout) for token
     * ids, at their full length.
     */
    public NDArray fullEmbeddings(NDManager manager, TokenizedText tokens) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray result = embeddings.forward(wordEmbeddings(scope, tokens), false);
            result.attach(manager);
            return result;
        }
    }

    /**
     * Encodes word-embedding-space prompts.
     *
     * @param manager owns the result
     * @param training runs BERT's dropout when true
     * @return projected features {@code [N, embedDim]}
     */
    public NDArray encode(NDManager manager, TextPrompt prompt, boolean training) {
        return encode(manager, prompt, training, true);
    }

    /** As {@link #encode(NDManager, TextPrompt, boolean)}; {@code cut = false} runs all positions (for tests). */
    NDArray encode(NDManager manager, TextPrompt prompt, boolean training, boolean cut) {
        NDArray inputs = prompt.embeddings();
        Shape shape = inputs.getShape();
        if (shape.dimension() != 3 || shape.get(2) != config.width()) {
            throw new IllegalArgumentException("text prompt embeddings have shape " + shape + " but [N, S, "
                    + config.width() + "] was expected");
        }
        int length = 1;
        for (int real : prompt.lengths()) {
            if (real < 1 || real > shape.get(1)) {
                throw new IllegalArgumentException("a text prompt length is " + real + " but must be in 1.."
                        + shape.get(1));
            }
            length = Math.max(length, real);
        }
        if (!cut) {
            length = (int) shape.get(1);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x0 = inputs.get(new NDIndex(":, :{}", length));
            x0.attach(scope);
            NDArray mask = paddingBias(scope, prompt.lengths(), length, inputs);
            NDArray x = embeddings.forward(x0, training);
            for (BertLayer layer : layers) {
                x = layer.forward(x, mask, training);
            }
            NDArray features = projection.forward(x.get(":, 0"));
            features.attach(manager);
            return features;
        }
    }

    private static NDArray paddingBias(NDManager manager, int[] lengths, int length, NDArray like) {
        float[] bias = new float[lengths.length * length];
        for (int i = 0; i < lengths.length; i++) {
            for (int j = lengths[i]; j < length; j++) {
                bias[i * length + j] = -Float.MAX_VALUE;
            }
        }
        return OwnedArrays.of(manager, bias, new Shape(lengths.length, 1, 1, length)).toDevice(like.getDevice(), false)
                .toType(like.getDataType(), false);
    }
}
