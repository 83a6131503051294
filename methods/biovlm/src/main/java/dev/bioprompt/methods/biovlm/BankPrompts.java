package dev.bioprompt.methods.biovlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.FullTextEmbeddings;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The frozen prefix and suffix of BioVLM's class prompts {@code "X X X X <class name>."} around a bank of learnable
 * contexts. Prompt {@code (m, c)} is {@code [prefix_c ; P_m ; suffix_c]}; rows are ordered bank-major
 * ({@code m * C + c}) and cut to the longest real prompt.
 */
final class BankPrompts implements AutoCloseable {

    private final NDArray prefix;
    private final NDArray suffix;
    private final int[] lengths;
    private final int nCtx;

    private BankPrompts(NDArray prefix, NDArray suffix, int[] lengths, int nCtx) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.lengths = lengths;
        this.nCtx = nCtx;
    }

    /**
     * Builds the buffers.
     *
     * @param fullEmbeddings take prefix and suffix from the whole embedding module (position, type and LayerNorm
     *     applied, so they are applied again inside the text tower), as the released code does; false takes raw word
     *     embeddings
     */
    static BankPrompts build(VisionLanguageModel model, NDManager manager, List<String> classNames, int nCtx,
                             boolean fullEmbeddings) {
        String placeholder = String.join(" ", Collections.nCopies(nCtx, "X"));
        List<String> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            texts.add(placeholder + " " + name.replace('_', ' ') + ".");
        }
        TokenizedText tokens = model.tokenize(texts);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.lengths()[i] < nCtx + 2) {
                throw new IllegalArgumentException("n-ctx " + nCtx + " is too large for the prompt '" + texts.get(i)
                        + "' (" + tokens.lengths()[i] + " tokens with [CLS] and [SEP])");
            }
        }
        if (fullEmbeddings && !(model instanceof FullTextEmbeddings)) {
            throw new IllegalArgumentException("method.biovlm.fix-double-embedding=false needs a backbone that exposes "
                    + "its full text embedding module (" + FullTextEmbeddings.class.getName() + "); "
                    + model.getClass().getName() + " does not");
        }
        int length = tokens.maxLength();
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = fullEmbeddings
                    ? ((FullTextEmbeddings) model).fullTextEmbeddings(scope, tokens)
                    : model.wordEmbeddings(scope, tokens);
            NDArray prefix = embeddings.get(new NDIndex(":, 0:1, :")).duplicate();
            NDArray suffix = embeddings.get(new NDIndex(":, {}:{}, :", 1 + nCtx, length)).duplicate();
            prefix.attach(manager);
            suffix.attach(manager);
            return new BankPrompts(prefix, suffix, tokens.lengths().clone(), nCtx);
        }
    }

    /** Number of classes. */
    int classes() {
        return lengths.length;
    }

    /**
     * Assembles every (bank member, class) prompt.
     *
     * @param manager step-scoped manager owning every array created here
     * @param bank {@code [M, nCtx, D]}; gradients flow into it
     * @return {@code M * C} prompts, bank-major
     */
    TextPrompt assemble(NDManager manager, NDArray bank) {
        long members = bank.getShape().get(0);
        long classes = classes();
        long width = prefix.getShape().get(2);
        long suffixLength = suffix.getShape().get(1);
        NDArray context = manager.zeros(new Shape(members, classes, nCtx, width), bank.getDataType())
                .add(FeatureMath.scoped(manager, bank).reshape(members, 1, nCtx, width));
        NDArray prefixes = manager.zeros(new Shape(members, classes, 1, width), prefix.getDataType())
                .add(FeatureMath.scoped(manager, prefix).reshape(1, classes, 1, width));
        NDArray suffixes = manager.zeros(new Shape(members, classes, suffixLength, width), suffix.getDataType())
                .add(FeatureMath.scoped(manager, suffix).reshape(1, classes, suffixLength, width));
        NDArray prompts = NDArrays.concat(new NDList(prefixes, context, suffixes), 2)
                .reshape(members * classes, 1 + nCtx + suffixLength, width);
        int[] all = new int[Math.toIntExact(members * classes)];
        for (int m = 0; m < members; m++) {
            System.arraycopy(lengths, 0, all, Math.toIntExact(m * classes), lengths.length);
        }
        return new TextPrompt(prompts, all);
    }

    @Override
    public void close() {
        prefix.close();
        suffix.close();
    }
}
