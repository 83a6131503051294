package dev.bioprompt.methods.kgcoop;

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
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.ClassTokenPosition;
import dev.bioprompt.methods.toolkit.ContextPrompts;
import dev.bioprompt.methods.toolkit.ContextVectors;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.methods.toolkit.TemplateFeatures;
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The KgCoOp learner: CoOp prompts, cross-entropy plus {@code w * (1 - mean_c cos(t_c, t_hat_c))}. */
final class KgCoopLearner implements PromptLearner {

    private static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String promptPrefix;
    private final double w;
    private final boolean textDropout;
    private final NDArray ctx;
    private final ContextPrompts trainingPrompts;
    private final NDArray knowledge;

    KgCoopLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("kgcoop needs at least one class name");
        }
        String ctxInit = p.getString(KgCoopMethod.CTX_INIT).replace('_', ' ').trim();
        this.w = p.getDouble(KgCoopMethod.W);
        this.textDropout = p.getBoolean(KgCoopMethod.TEXT_DROPOUT);
        int width = model.dimensions().textWidth();
        NDManager manager = context.manager();
        if (!ctxInit.isEmpty()) {
            String phrase = p.getBoolean(KgCoopMethod.HONOUR_CTX_INIT) ? ctxInit : KgCoopMethod.REFERENCE_INIT;
            this.nCtx = ContextVectors.wordCount(phrase);
            this.promptPrefix = phrase;
            this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, phrase, nCtx),
                    new Shape(nCtx, width));
        } else {
            this.nCtx = p.getInt(KgCoopMethod.N_CTX);
            if (nCtx <= 0) {
                throw new IllegalArgumentException("method.kgcoop.n-ctx must be positive, was " + nCtx);
            }
            this.promptPrefix = String.join(" ", Collections.nCopies(nCtx, "X"));
            Shape shape = new Shape(nCtx, width);
            this.ctx = ContextVectors.learnable(manager, ContextVectors.random(shape, context.seed()), shape);
        }
        this.trainingPrompts = prompts(manager, classNames);
        this.knowledge = TemplateFeatures.normalized(model, manager, p.getString(KgCoopMethod.TEMPLATE), classNames);
    }

    private ContextPrompts prompts(NDManager manager, List<String> names) {
        return ContextPrompts.forClassNames(model, manager, promptPrefix, names, nCtx, ClassTokenPosition.END,
                new int[names.size()]);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(CTX, ctx);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray text = FeatureMath.normalize(model.encodeText(manager, trainingPrompts.assemble(manager, ctx),
                textDropout));
        NDArray image = FeatureMath.normalize(
                model.encodeImage(manager, batch.images(), VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
        NDArray logits = FeatureMath.scaledSimilarity(image, text, model.logitScale());
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        NDArray kg = ScalarOps.mul(knowledgeDistance(text, FeatureMath.scoped(manager, knowledge)), w);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("kg", kg);
        return new LossResult(ce.add(kg), terms, logits);
    }

    /**
     * {@code 1 - mean_c cos(t_c, k_c)} over the rows of two {@code [C, D]} arrays, with the reference's
     * {@code CosineSimilarity(eps=1e-7)}: {@code t.k / max(|t| |k|, eps)}.
     */
    static NDArray knowledgeDistance(NDArray text, NDArray knowledge) {
        NDArray dot = text.mul(knowledge).sum(new int[] {1});
        NDArray norms = text.norm(new int[] {1}).mul(knowledge.norm(new int[] {1}));
        NDArray cos = dot.div(ScalarOps.maximum(norms, 1e-7));
        return ScalarOps.rsub(1.0, cos.mean());
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        return TextFeatureClassifier.ofContext(model, names, manager, ctx, this::prompts, m -> VisualPrompts.none());
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        return InPlaceCopy.copiesOf(manager, Map.of(CTX, ctx));
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        InPlaceCopy.copyAll(Map.of(CTX, ctx), tensors);
    }

    @Override
    public void close() {
        trainingPrompts.close();
        knowledge.close();
        ctx.close();
    }
}
