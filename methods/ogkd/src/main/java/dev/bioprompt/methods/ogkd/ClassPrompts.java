package dev.bioprompt.methods.ogkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The frozen word-embedding prefix ({@code [CLS]}) and suffix (class name, ".", {@code [SEP]}) of the student prompts
 * {@code "<context words> <class name>."}, around one learnable context shared by all classes. Rows are cut to the
 * longest real prompt.
 */
final class ClassPrompts implements AutoCloseable {

    private final NDArray prefix;
    private final NDArray suffix;
    private final int[] lengths;
    private final int nCtx;

    private ClassPrompts(NDArray prefix, NDArray suffix, int[] lengths, int nCtx) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.lengths = lengths;
        this.nCtx = nCtx;
    }

    /**
     * Builds the buffers.
     *
     * @param contextWords the words whose {@code nCtx} token positions the context replaces
     */
    static ClassPrompts build(VisionLanguageModel model, NDManager manager, List<String> classNames,
                              String contextWords, int nCtx) {
        List<String> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            texts.add(contextWords + " " + name.replace('_', ' ') + ".");
        }
        TokenizedText tokens = model.tokenize(texts);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.lengths()[i] < nCtx + 2) {
                throw new IllegalArgumentException("n-ctx " + nCtx + " is too large for the prompt '" + texts.get(i)
                        + "' (" + tokens.lengths()[i] + " tokens with [CLS] and [SEP])");
            }
        }
        int length = tokens.maxLength();
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = model.wordEmbeddings(scope, tokens);
            NDArray prefix = embeddings.get(new NDIndex(":, 0:1, :")).duplicate();
            NDArray suffix = embeddings.get(new NDIndex(":, {}:{}, :", 1 + nCtx, length)).duplicate();
            prefix.attach(manager);
            suffix.attach(manager);
            return new ClassPrompts(prefix, suffix, tokens.lengths().clone(), nCtx);
        }
    }

    /**
     * Assembles {@code [prefix_c ; ctx ; suffix_c]} for every class.
     *
     * @param manager step-scoped manager owning every array created here
     * @param ctx {@code [nCtx, D]}; gradients flow into it
     */
    TextPrompt assemble(NDManager manager, NDArray ctx) {
        long classes = lengths.length;
        long width = prefix.getShape().get(2);
        NDArray context = manager.zeros(new Shape(classes, nCtx, width), ctx.getDataType()).add(ctx);
        NDArray prompts = NDArrays.concat(new NDList(FeatureMath.scoped(manager, prefix), context,
                FeatureMath.scoped(manager, suffix)), 1);
        return new TextPrompt(prompts, lengths.clone());
    }

    @Override
    public void close() {
        prefix.close();
        suffix.close();
    }
}
