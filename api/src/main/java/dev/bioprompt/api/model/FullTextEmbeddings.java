package dev.bioprompt.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * An optional capability of a {@link VisionLanguageModel}: the output of the text tower's whole embedding module
 * (word, position and token-type embeddings followed by the embedding LayerNorm, inference mode), rather than the raw
 * word embeddings of {@link VisionLanguageModel#wordEmbeddings}.
 *
 * <p>Some reference implementations (BioVLM) build their frozen prompt prefix and suffix from this output and then
 * feed it through the {@code inputs_embeds} path, so that position embeddings and LayerNorm are applied twice. A
 * method that needs this behaviour checks {@code model instanceof FullTextEmbeddings}.
 */
public interface FullTextEmbeddings {

    /**
     * The embedding module's output for token ids.
     *
     * @param manager owns the result
     * @param tokens ids from {@link VisionLanguageModel#tokenize(java.util.List)}
     * @return {@code [N, S, textWidth]} float32, without gradients, where S is the context length
     */
    NDArray fullTextEmbeddings(NDManager manager, TokenizedText tokens);
}
