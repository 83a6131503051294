package dev.bioprompt.methods.cocoop;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CoCoOp learner: per image {@code b} and class {@code c} the prompt {@code [CLS] (ctx + pi(v_b)) class . [SEP]},
 * logits {@code s * v_b . norm(t_bc)}, cross-entropy.
 */
final class CoCoopLearner implements PromptLearner {

    static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String promptPrefix;
    private final boolean textDropout;
    private final NDArray ctx;
    private final MetaNet metaNet;
    private final ContextPrompts trainingPrompts;

    CoCoopLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("cocoop needs at least one class name");
        }
        String ctxInit = p.getString(CoCoopMethod.CTX_INIT).replace('_', ' ').trim();
        this.textDropout = p.getBoolean(CoCoopMethod.TEXT_DROPOUT);
        int width = model.dimensions().textWidth();
        NDManager manager = context.manager();
        if (!ctxInit.isEmpty()) {
            this.nCtx = ContextVectors.wordCount(ctxInit);
            this.promptPrefix = ctxInit;
            this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, ctxInit, nCtx),
                    new Shape(nCtx, width));
        } else {
            this.nCtx = p.getInt(CoCoopMethod.N_CTX);
            if (nCtx <= 0) {
                throw new IllegalArgumentException("method.cocoop.n-ctx must be positive, was " + nCtx);
            }
            this.promptPrefix = String.join(" ", Collections.nCopies(nCtx, "X"));
            Shape shape = new Shape(nCtx, width);
            this.ctx = ContextVectors.learnable(manager, ContextVectors.random(shape, context.seed()), shape);
        }
        this.metaNet = MetaNet.initial(manager, model.dimensions().embedDim(), width, context.seed());
        this.trainingPrompts = prompts(model, manager, promptPrefix, nCtx, classNames);
    }

    static ContextPrompts prompts(VisionLanguageModel model, NDManager manager, String promptPrefix, int nCtx,
                                  List<String> names) {
        return ContextPrompts.forClassNames(model, manager, promptPrefix, names, nCtx, ClassTokenPosition.END,
                new int[names.size()]);
    }

    @Override
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(CTX, ctx);
        out.putAll(metaNet.tensors());
        return out;
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray image = FeatureMath.normalize(
                model.encodeImage(manager, batch.images(), VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
        NDArray logits = conditionedLogits(model, trainingPrompts, FeatureMath.scoped(manager, ctx), metaNet, image,
                textDropout);
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        return new LossResult(ce, terms, logits);
    }

    /**
     * {@code s * v_b . norm(TextEnc([prefix_c ; ctx + pi(v_b) ; suffix_c]))} for every image and class.
     *
     * @param image normalised image features {@code [B, E]}; every result lives in its manager
     * @return logits {@code [B, C]}
     */
    static NDArray conditionedLogits(VisionLanguageModel model, ContextPrompts prompts, NDArray ctx, MetaNet metaNet,
                                     NDArray image, boolean training) {
        NDManager m = image.getManager();
        long images = image.getShape().get(0);
        int classes = prompts.size();
        NDArray shifted = metaNet.forward(image).expandDims(1).add(ctx);
        NDArray text = FeatureMath.normalize(model.encodeText(m, prompts.assemblePerImage(m, shifted), training))
                .reshape(images, classes, -1);
        return ScalarOps.mul(text.mul(image.expandDims(1)).sum(new int[] {2}), model.logitScale());
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        NDManager own = manager.newSubManager();
        try {
            NDArray context = FeatureMath.scoped(own, ctx).stopGradient();
            return new ConditionedClassifier(model, names, own, prompts(model, own, promptPrefix, nCtx, names),
                    context, metaNet.frozenCopy(own));
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

    /** The meta-net (tests). */
    MetaNet metaNetForTest() {
        return metaNet;
    }

    @Override
    public void close() {
        trainingPrompts.close();
        metaNet.close();
        ctx.close();
    }
}
