package dev.bioprompt.methods.toolkit;

import static java.util.Objects.requireNonNull;

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
 * The frozen word-embedding buffers of one list of class prompts around a learnable context.
 *
 * <p>Each class prompt is tokenised; position 0 ({@code [CLS]}) is the prefix, positions {@code 1..nCtx} are replaced
 * by the context and positions {@code 1 + nCtx ..} (class name, punctuation, {@code [SEP]}) are the suffix. The
 * attention lengths come from the original tokenised prompts. Rows are cut to the longest real prompt, which gives
 * the same features as the full context length.
 */
public final class ContextPrompts implements AutoCloseable {

    private final NDArray prefix;
    private final NDArray suffix;
    private final int[] lengths;
    private final int[] nameLengths;
    private final int nCtx;
    private final ClassTokenPosition position;

    private ContextPrompts(NDArray prefix, NDArray suffix, int[] lengths, int[] nameLengths, int nCtx,
                           ClassTokenPosition position) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.lengths = lengths;
        this.nameLengths = nameLengths;
        this.nCtx = nCtx;
        this.position = position;
    }

    /**
     * Builds the buffers.
     *
     * @param model the backbone (tokeniser and word embeddings)
     * @param manager owns the buffers
     * @param promptTexts one full prompt per class, whose first {@code nCtx} tokens after {@code [CLS]} the context
     *     replaces
     * @param nCtx number of context vectors
     * @param position where the class tokens go
     * @param nameLengths per class, how many tokens after the replaced positions belong to the class name (used by
     *     {@link ClassTokenPosition#MIDDLE} and {@link ClassTokenPosition#FRONT})
     */
    public static ContextPrompts build(VisionLanguageModel model, NDManager manager, List<String> promptTexts, int nCtx,
                                ClassTokenPosition position, int[] nameLengths) {
        requireNonNull(position, "position is null");
        if (nameLengths.length != promptTexts.size()) {
            throw new IllegalArgumentException(promptTexts.size() + " prompts but " + nameLengths.length + " name lengths");
        }
        TokenizedText tokens = model.tokenize(promptTexts);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.lengths()[i] < nCtx + 2) {
                throw new IllegalArgumentException("n-ctx " + nCtx + " is too large for the prompt '" + promptTexts.get(i)
                        + "' (" + tokens.lengths()[i] + " tokens with [CLS] and [SEP]); the context would replace [SEP]");
            }
        }
        int length = tokens.maxLength();
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = model.wordEmbeddings(scope, tokens);
            NDArray prefix = embeddings.get(new NDIndex(":, 0:1, :")).duplicate();
            NDArray suffix = embeddings.get(new NDIndex(":, {}:{}, :", 1 + nCtx, length)).duplicate();
            prefix.attach(manager);
            suffix.attach(manager);
            return new ContextPrompts(prefix, suffix, tokens.lengths().clone(), nameLengths.clone(), nCtx, position);
        }
    }

    /**
     * Builds the buffers of the CoOp prompts {@code "<contextPhrase> <class name>."} of a class list, where the
     * context replaces the phrase's {@code nCtx} tokens ({@code _} in names becomes a space, as in the reference).
     *
     * @param nameLengths per class, the class-name token count for {@link ClassTokenPosition#MIDDLE} and
     *     {@link ClassTokenPosition#FRONT} (ignored for the end position)
     */
    public static ContextPrompts forClassNames(VisionLanguageModel model, NDManager manager, String contextPhrase,
                                               List<String> classNames, int nCtx, ClassTokenPosition position,
                                               int[] nameLengths) {
        List<String> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            texts.add(contextPhrase + " " + name.replace('_', ' ') + ".");
        }
        return build(model, manager, texts, nCtx, position, nameLengths);
    }

    /** Number of class prompts. */
    public int size() {
        return lengths.length;
    }

    /**
     * Assembles the prompts with a context.
     *
     * @param manager step-scoped manager owning every array created here
     * @param ctx {@code [nCtx, D]} (shared) or {@code [classes, nCtx, D]} (class-specific); gradients flow into it
     */
    public TextPrompt assemble(NDManager manager, NDArray ctx) {
        int classes = size();
        long width = prefix.getShape().get(2);
        NDArray context = manager.zeros(new Shape(classes, nCtx, width), ctx.getDataType()).add(ctx);
        NDArray ordered = NDArrays.concat(new NDList(FeatureMath.scoped(manager, prefix), context,
                FeatureMath.scoped(manager, suffix)), 1);
        if (position == ClassTokenPosition.END) {
            return new TextPrompt(ordered, lengths.clone());
        }
        int total = Math.toIntExact(ordered.getShape().get(1));
        int half = nCtx / 2;
        List<NDArray> rows = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            int name = Math.min(nameLengths[c], total - 1 - nCtx);
            int nameStart = 1 + nCtx;
            int nameEnd = nameStart + name;
            int[][] ranges = position == ClassTokenPosition.MIDDLE
                    ? new int[][] {{0, 1}, {1, 1 + half}, {nameStart, nameEnd}, {1 + half, 1 + nCtx}, {nameEnd, total}}
                    : new int[][] {{0, 1}, {nameStart, nameEnd}, {1, 1 + nCtx}, {nameEnd, total}};
            NDList pieces = new NDList();
            for (int[] r : ranges) {
                if (r[1] > r[0]) {
                    pieces.add(ordered.get(new NDIndex("{}, {}:{}, :", c, r[0], r[1])));
                }
            }
            rows.add(NDArrays.concat(pieces, 0));
        }
        return new TextPrompt(NDArrays.stack(new NDList(rows), 0), lengths.clone());
    }

    /**
     * Assembles every class prompt with every image's own context (CoCoOp's image-conditioned prompts), class token
     * at the end: row {@code b * C + c} is {@code [prefix_c ; ctx_b ; suffix_c]}.
     *
     * @param manager step-scoped manager owning every array created here
     * @param ctx {@code [B, nCtx, D]}, one context per image; gradients flow into it
     * @return {@code B * C} prompts, image-major
     * @throws IllegalStateException when the prompts were built for another class-token position than the end
     */
    public TextPrompt assemblePerImage(NDManager manager, NDArray ctx) {
        if (position != ClassTokenPosition.END) {
            throw new IllegalStateException("image-conditioned prompts put the class token at the end, not "
                    + position.key());
        }
        long images = ctx.getShape().get(0);
        int classes = size();
        long width = prefix.getShape().get(2);
        long rest = suffix.getShape().get(1);
        NDArray context = manager.zeros(new Shape(images, classes, nCtx, width), ctx.getDataType())
                .add(ctx.expandDims(1));
        NDArray pre = manager.zeros(new Shape(images, classes, 1, width), prefix.getDataType())
                .add(FeatureMath.scoped(manager, prefix));
        NDArray post = manager.zeros(new Shape(images, classes, rest, width), suffix.getDataType())
                .add(FeatureMath.scoped(manager, suffix));
        NDArray rows = NDArrays.concat(new NDList(pre, context, post), 2)
                .reshape(images * classes, 1 + nCtx + rest, width);
        int[] all = new int[Math.toIntExact(images * classes)];
        for (int i = 0; i < all.length; i++) {
            all[i] = lengths[i % classes];
        }
        return new TextPrompt(rows, all);
    }

    @Override
    public void close() {
        prefix.close();
        suffix.close();
    }
}
