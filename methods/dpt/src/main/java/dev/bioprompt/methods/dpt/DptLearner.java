package dev.bioprompt.methods.dpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.InPlaceCopy;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.methods.toolkit.ClassTokenPosition;
import dev.bioprompt.methods.toolkit.ContextPrompts;
import dev.bioprompt.methods.toolkit.ContextVectors;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.methods.toolkit.OwningClassifier;
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The released DPT learner: CoOp text prompts, free visual prompt tokens at block 0, cross-entropy. */
final class DptLearner implements PromptLearner {

    static final String CTX = "ctx";
    static final String VISUAL_CTX = "visual-ctx";
    /** Mixed into the run seed so that the visual tokens do not repeat the text context's random stream. */
    private static final long VISUAL_SEED = 0x5650_5400L;

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String promptPrefix;
    private final ClassTokenPosition position;
    private final VisualPrompts.Mode mode;
    private final boolean textDropout;
    private final NDArray ctx;
    private final NDArray visualCtx;
    private final ContextPrompts trainingPrompts;

    DptLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("dpt needs at least one class name");
        }
        String ctxInit = p.getString(DptMethod.CTX_INIT).replace('_', ' ').trim();
        if (ctxInit.isEmpty()) {
            throw new IllegalArgumentException("method.dpt.ctx-init must name the initial words (the runner always "
                    + "initialises from words)");
        }
        int tokens = p.getInt(DptMethod.VISUAL_PROMPT_TOKENS);
        if (tokens < 0) {
            throw new IllegalArgumentException("method.dpt.visual-prompt-tokens must be 0 or more, was " + tokens);
        }
        this.position = ClassTokenPosition.fromKey(p.getString(DptMethod.CLASS_TOKEN_POSITION));
        this.mode = VisualPrompts.Mode.valueOf(p.getString(DptMethod.VISUAL_PROMPT_MODE).toUpperCase(Locale.ROOT));
        this.textDropout = p.getBoolean(DptMethod.TEXT_DROPOUT);
        NDManager manager = context.manager();
        this.nCtx = ContextVectors.wordCount(ctxInit);
        this.promptPrefix = ctxInit;
        this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, ctxInit, nCtx),
                new Shape(nCtx, model.dimensions().textWidth()));
        Shape visual = new Shape(tokens, model.dimensions().visionWidth());
        this.visualCtx = tokens == 0 ? null
                : ContextVectors.learnable(manager, ContextVectors.random(visual, context.seed() ^ VISUAL_SEED), visual);
        this.trainingPrompts = prompts(manager, classNames);
    }

    /** The reference counts every class name as one token ({@code len} of a {@code [1, 256]} tokenizer output). */
    private ContextPrompts prompts(NDManager manager, List<String> names) {
        int[] nameLengths = new int[names.size()];
        Arrays.fill(nameLengths, 1);
        return ContextPrompts.forClassNames(model, manager, promptPrefix, names, nCtx, position, nameLengths);
    }

    @Override
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(CTX, ctx);
        if (visualCtx != null) {
            out.put(VISUAL_CTX, visualCtx);
        }
        return out;
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray text = FeatureMath.normalize(model.encodeText(manager, trainingPrompts.assemble(manager, ctx),
                textDropout));
        VisualPrompts visual = visualCtx == null ? VisualPrompts.none()
                : new VisualPrompts(List.of(FeatureMath.scoped(manager, visualCtx)), mode);
        NDArray image = FeatureMath.normalize(
                model.encodeImage(manager, batch.images(), visual, ImageEncodeOptions.POOLED).pooled());
        NDArray logits = FeatureMath.scaledSimilarity(image, text, model.logitScale());
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        return new LossResult(ce, terms, logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        NDManager own = manager.newSubManager();
        try {
            VisualPrompts visual = visualCtx == null ? VisualPrompts.none()
                    : new VisualPrompts(List.of(FeatureMath.scoped(own, visualCtx).stopGradient()), mode);
            return new OwningClassifier(TextFeatureClassifier.ofContext(model, names, manager, ctx, this::prompts,
                    m -> visual), own);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        return InPlaceCopy.copiesOf(manager, trainable());
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        InPlaceCopy.copyAll(trainable(), tensors);
    }

    @Override
    public void close() {
        trainingPrompts.close();
        ctx.close();
        if (visualCtx != null) {
            visualCtx.close();
        }
    }
}
