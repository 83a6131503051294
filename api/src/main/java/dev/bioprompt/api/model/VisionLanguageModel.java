package dev.bioprompt.api.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A CLIP-style vision-language model (BiomedCLIP first) as prompt-tuning methods see it.
 *
 * <p>All weights are frozen. Methods put their learnable tensors into the model's inputs: word-embedding-space text
 * prompts ({@link TextPrompt}) and per-layer visual prompts ({@link VisualPrompts}). Gradients flow from the outputs
 * back into those inputs.
 *
 * <p><b>Native memory.</b> Every method that creates arrays takes the {@link NDManager} that must own its results. Pass
 * a step-scoped manager (for example {@code root.newSubManager()} closed after each training step) so that a long run
 * keeps a flat memory footprint. The model never keeps references to arrays it returns.
 *
 * <p>Implementations are thread-compatible, not thread-safe.
 */
public interface VisionLanguageModel extends AutoCloseable {

    /**
     * A stable identifier of the weights: the SHA-256 of the checkpoint bytes, prefixed with the architecture name
     * (for example {@code biomedclip-vit-b16:3f2a...}). Recorded in every prompt set so that a prompt set is never
     * applied to a backbone it was not trained on.
     */
    String fingerprint();

    /** Shape facts of the loaded checkpoint. */
    ModelDimensions dimensions();

    /** The device the weights live on (CPU, or a GPU when one was found). */
    Device device();

    /**
     * Tokenises texts exactly as the reference does (whitespace cleaning, lower-casing WordPiece,
     * {@code [CLS] ... [SEP]}, padded with {@code [PAD]} and truncated to {@link ModelDimensions#contextLength()}).
     *
     * @param texts the texts, in order
     * @return ids and real lengths, one row per text
     */
    TokenizedText tokenize(List<String> texts);

    /**
     * Looks up raw word embeddings (no position or type embeddings, no LayerNorm) for token ids. The result does not
     * require gradients; methods slice it into fixed prefix and suffix buffers around their learnable context.
     *
     * @param manager owns the result
     * @param tokens ids from {@link #tokenize(List)}
     * @return {@code [N, S, textWidth]} float32, where S is the context length
     */
    NDArray wordEmbeddings(NDManager manager, TokenizedText tokens);

    /**
     * Encodes word-embedding-space prompts through the text tower (the {@code inputs_embeds} path: position and
     * token-type embeddings and the embedding LayerNorm are still applied inside), pools the first token and projects.
     * The batch is cut to the longest real length before the encoder, which gives the same result as the full
     * context length at a fraction of the cost.
     *
     * @param manager owns the result
     * @param prompt the prompts and their real lengths
     * @param training true to run dropout as the reference does while training (some methods rely on it)
     * @return raw projected features {@code [N, embedDim]}, not L2-normalised
     */
    NDArray encodeText(NDManager manager, TextPrompt prompt, boolean training);

    /**
     * Encodes tokenised texts (the plain zero-shot path): word embeddings followed by
     * {@link #encodeText(NDManager, TextPrompt, boolean)} in inference mode.
     *
     * @param manager owns the result
     * @param tokens ids from {@link #tokenize(List)}
     * @return raw projected features {@code [N, embedDim]}
     */
    default NDArray encodeText(NDManager manager, TokenizedText tokens) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = wordEmbeddings(scope, tokens);
            NDArray features = encodeText(scope, new TextPrompt(embeddings, tokens.lengths()), false);
            features.attach(manager);
            return features;
        }
    }

    /**
     * Encodes preprocessed images through the vision tower.
     *
     * @param manager owns the result
     * @param images {@code [B, 3, H, W]} float32, preprocessed by {@link #preprocessor()}
     * @param prompts visual prompts, or {@link VisualPrompts#none()}
     * @param options which extra outputs to compute
     * @return the pooled feature, and the patch tokens and CLS attention when asked for
     */
    ImageEncoding encodeImage(NDManager manager, NDArray images, VisualPrompts prompts, ImageEncodeOptions options);

    /**
     * The CLIP temperature: {@code exp(logit_scale)} as read from the checkpoint (about 100 for the released
     * BiomedCLIP).
     */
    float logitScale();

    /** The reference image preprocessing for this model (resize, centre crop, normalisation). */
    ImagePreprocessor preprocessor();

    /** Releases the native memory of the weights. */
    @Override
    void close();
}
