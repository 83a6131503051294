package dev.bioprompt.backbone.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.bioprompt.backbone.Weights;

/**
 * BERT embeddings on the {@code inputs_embeds} path: word vectors given by the caller, plus position embeddings
 * {@code 0..S-1} and token-type-0 embeddings, then LayerNorm (and dropout when training).
 */
final class BertEmbeddings {

    private static final String P = BertConfig.PREFIX + "embeddings.";

    private final BertConfig config;
    private final NDArray wordTable;
    private final NDArray positionTable;
    private final NDArray typeTable;
    private final NDArray normWeight;
    private final NDArray normBias;

    BertEmbeddings(Weights weights, BertConfig config) {
        this.config = config;
        long w = config.width();
        wordTable = weights.get(P + "word_embeddings.weight", config.vocabSize(), w);
        positionTable = weights.get(P + "position_embeddings.weight", config.maxPositions(), w);
        typeTable = weights.get(P + "token_type_embeddings.weight", weights.shape(P + "token_type_embeddings.weight")
                .get(0), w);
        normWeight = weights.get(P + "LayerNorm.weight", w);
        normBias = weights.get(P + "LayerNorm.bias", w);
    }

    /** Raw word vectors {@code [N, S, width]} for ids {@code [N, S]}; owned by {@code ids}' manager. */
    NDArray words(NDArray ids) {
        return Embedding.embedding(ids, wordTable, SparseFormat.DENSE).singletonOrThrow();
    }

    /** {@code [N, S, width]} word vectors to the encoder input; owned by {@code inputs}' manager. */
    NDArray forward(NDArray inputs, boolean training) {
        long length = inputs.getShape().get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("text prompts have " + length + " tokens but the model has "
                    + config.maxPositions() + " positions");
        }
        NDManager manager = inputs.getManager();
        NDArray positionIds = manager.arange(0, length, 1, DataType.INT64, inputs.getDevice());
        NDArray positions = Embedding.embedding(positionIds, positionTable, SparseFormat.DENSE).singletonOrThrow();
        NDArray typeIds = manager.zeros(new Shape(1), DataType.INT64, inputs.getDevice());
        NDArray type = Embedding.embedding(typeIds, typeTable, SparseFormat.DENSE).singletonOrThrow();
        NDArray sum = inputs.add(positions).add(type);
        NDArray normed = LayerNorm.layerNorm(sum, new Shape(config.width()), normWeight, normBias, config.eps())
                .singletonOrThrow();
        return training ? Dropout.dropout(normed, config.dropout(), true).singletonOrThrow() : normed;
    }
}
