package dev.bioprompt.methods.maple;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The released MaPLe learner: CoOp text prompts, visual prompts {@code ctx W^T + b} at block 0, cross-entropy. */
final class MapleLearner implements PromptLearner {

    static final String CTX = "ctx";
    static final String PROJ_WEIGHT = "proj.weight";
    static final String PROJ_BIAS = "proj.bias";

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String promptPrefix;
    private final VisualPrompts.Mode mode;
    private final boolean textDropout;
    private final NDArray ctx;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final ContextPrompts trainingPrompts;

    MapleLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("maple needs at least one class name");
        }
        String ctxInit = p.getString(MapleMethod.CTX_INIT).replace('_', ' ').trim();
        if (ctxInit.isEmpty()) {
            throw new IllegalArgumentException("method.maple.ctx-init must name the initial words (the reference "
                    + "always initialises from words)");
        }
        this.mode = VisualPrompts.Mode.valueOf(p.getString(MapleMethod.VISUAL_PROMPT_MODE).toUpperCase(Locale.ROOT));
        this.textDropout = p.getBoolean(MapleMethod.TEXT_DROPOUT);
        int textWidth = model.dimensions().textWidth();
        int visionWidth = model.dimensions().visionWidth();
        NDManager manager = context.manager();
        this.nCtx = ContextVectors.wordCount(ctxInit);
        this.promptPrefix = ctxInit;
        this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, ctxInit, nCtx),
                new Shape(nCtx, textWidth));
        double bound = 1 / Math.sqrt(textWidth);
        Shape weight = new Shape(visionWidth, textWidth);
        Shape bias = new Shape(visionWidth);
        this.projWeight = ContextVectors.learnable(manager, ContextVectors.uniform(weight, bound, context.seed() * 2 + 1),
                weight);
        this.projBias = ContextVectors.learnable(manager, ContextVectors.uniform(bias, bound, context.seed() * 2 + 2),
                bias);
        this.trainingPrompts = prompts(manager, classNames);
    }

    private ContextPrompts prompts(NDManager manager, List<String> names) {
        return ContextPrompts.forClassNames(model, manager, promptPrefix, names, nCtx, ClassTokenPosition.END,
                new int[names.size()]);
    }

    /** The coupled visual prompt tokens {@code ctx W^T + b} ({@code [nCtx, visionWidth]}) in {@code manager}. */
    static NDArray coupled(NDManager manager, NDArray ctx, NDArray weight, NDArray bias) {
        NDArray w = FeatureMath.scoped(manager, weight);
        return FeatureMath.scoped(manager, ctx).matMul(w.transpose()).add(FeatureMath.scoped(manager, bias));
    }

    @Override
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(CTX, ctx);
        out.put(PROJ_WEIGHT, projWeight);
        out.put(PROJ_BIAS, projBias);
        return out;
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray text = FeatureMath.normalize(model.encodeText(manager, trainingPrompts.assemble(manager, ctx),
                textDropout));
        VisualPrompts visual = new VisualPrompts(List.of(coupled(manager, ctx, projWeight, projBias)), mode);
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
            NDArray tokens = coupled(own, ctx, projWeight, projBias).stopGradient();
            VisualPrompts visual = new VisualPrompts(List.of(tokens), mode);
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
        projWeight.close();
        projBias.close();
    }
}
