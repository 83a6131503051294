package dev.bioprompt.api.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;

/**
 * Text prompts in word-embedding space, the input of the text tower's {@code inputs_embeds} path.
 *
 * <p>Row {@code i} is the sequence of word vectors of prompt {@code i}: typically the {@code [CLS]} embedding, the
 * learnable context vectors, the class-name and punctuation embeddings, {@code [SEP]}, then padding. Positions at or
 * beyond {@code lengths[i]} are padding and are masked out of attention, exactly as the reference's
 * {@code attention_mask = ids != 0}.
 *
 * @param embeddings {@code [N, S, textWidth]}; may require gradients
 * @param lengths real token count per row ({@code lengths[i] <= S})
 */
public record TextPrompt(NDArray embeddings, int[] lengths) {
    public TextPrompt {
        requireNonNull(embeddings, "embeddings is null");
        requireNonNull(lengths, "lengths is null");
        long rows = embeddings.getShape().get(0);
        if (rows != lengths.length) {
            throw new IllegalArgumentException("embeddings has " + rows + " rows but lengths has " + lengths.length);
        }
    }
}
