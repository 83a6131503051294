package dev.bioprompt.backbone.text;

import dev.bioprompt.backbone.Weights;

/**
 * Sizes of the HF BERT text tower and its projection, read from checkpoint shapes.
 *
 * @param vocabSize word-embedding rows
 * @param width hidden width (768 for BERT-base)
 * @param layers encoder layers
 * @param heads attention heads
 * @param intermediate feed-forward width
 * @param maxPositions position-embedding rows
 * @param projHidden hidden width of the MLP projection
 * @param embedDim output width of the projection
 * @param eps LayerNorm epsilon
 * @param dropout hidden and attention-probability dropout rate used when training
 */
public record BertConfig(int vocabSize, int width, int layers, int heads, int intermediate, int maxPositions,
                         int projHidden, int embedDim, float eps, float dropout) {

    /** Key prefix of the HF BERT model. */
    public static final String PREFIX = "text.transformer.";
    /** Width of one attention head. */
    public static final int HEAD_DIM = 64;
    /** The released BiomedCLIP text tower: PubMedBERT-base (30522 words), MLP projection 640 to 512. */
    public static final BertConfig BIOMEDCLIP = new BertConfig(30522, 768, 12, 12, 3072, 512, 640, 512, 1e-12f, 0.1f);

    public BertConfig {
        if (width % heads != 0) {
            throw new IllegalArgumentException("text width " + width + " is not divisible by " + heads + " heads");
        }
    }

    /** Reads the sizes from the shapes of the checkpoint arrays, with BERT's eps 1e-12 and dropout 0.1. */
    public static BertConfig from(Weights weights) {
        long[] words = weights.shape(PREFIX + "embeddings.word_embeddings.weight").getShape();
        int width = (int) words[1];
        int layers = weights.countIndexed(PREFIX + "encoder.layer.", "attention.self.query.weight");
        if (layers == 0) {
            throw new IllegalArgumentException("checkpoint has no '" + PREFIX + "encoder.layer.0.*' keys");
        }
        int intermediate = (int) weights.shape(PREFIX + "encoder.layer.0.intermediate.dense.weight").get(0);
        int positions = (int) weights.shape(PREFIX + "embeddings.position_embeddings.weight").get(0);
        int projHidden = (int) weights.shape(TextProjection.FIRST).get(0);
        int embedDim = (int) weights.shape(TextProjection.SECOND).get(0);
        return new BertConfig((int) words[0], width, layers, width / HEAD_DIM, intermediate, positions, projHidden,
                embedDim, 1e-12f, 0.1f);
    }

    /** The same sizes with another head count, epsilon and dropout (from a text {@code config.json}). */
    public BertConfig with(int heads, float eps, float dropout) {
        return new BertConfig(vocabSize, width, layers, heads, intermediate, maxPositions, projHidden, embedDim, eps,
                dropout);
    }
}
