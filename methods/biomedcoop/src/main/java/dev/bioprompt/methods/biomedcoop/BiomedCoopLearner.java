package dev.bioprompt.methods.biomedcoop;

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
import dev.bioprompt.methods.toolkit.DescriptionTeacher;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BiomedCoOp learner: the CoOp prompt {@code [CLS] ctx class . [SEP]} and the loss
 * {@code CE + lambda_sccm * MSE(t, p_all) + lambda_kdsp * KL(teacher || student) / (B * C)}.
 */
final class BiomedCoopLearner implements PromptLearner {

    private static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String promptPrefix;
    private final double lambdaSccm;
    private final double lambdaKdsp;
    private final double tau;
    private final boolean textDropout;
    private final NDArray ctx;
    private final ContextPrompts trainingPrompts;
    /** The description features: SCCM's per-class means and KDSP's per-batch pruned teacher. */
    private final DescriptionTeacher teacher;

    BiomedCoopLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("biomedcoop needs at least one class name");
        }
        this.lambdaSccm = p.getDouble(BiomedCoopMethod.LAMBDA_SCCM);
        this.lambdaKdsp = p.getDouble(BiomedCoopMethod.LAMBDA_KDSP);
        this.tau = p.getDouble(BiomedCoopMethod.TAU);
        this.textDropout = p.getBoolean(BiomedCoopMethod.TEXT_DROPOUT);
        int nPrompts = p.getInt(BiomedCoopMethod.N_PROMPTS);

        String ctxInit = p.getString(BiomedCoopMethod.CTX_INIT).replace('_', ' ').trim();
        int requested = p.getInt(BiomedCoopMethod.N_CTX);
        int width = model.dimensions().textWidth();
        NDManager manager = context.manager();
        if (!ctxInit.isEmpty() && requested == 4) {
            this.nCtx = ContextVectors.wordCount(ctxInit);
            this.promptPrefix = ctxInit;
            this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, ctxInit, nCtx),
                    new Shape(nCtx, width));
        } else {
            this.nCtx = requested;
            this.promptPrefix = String.join(" ", Collections.nCopies(nCtx, "X"));
            Shape shape = new Shape(nCtx, width);
            this.ctx = ContextVectors.learnable(manager, ContextVectors.random(shape, context.seed()), shape);
        }
        this.trainingPrompts = prompts(manager, classNames);

        this.teacher = DescriptionTeacher.build(model, manager, context.descriptions(), classNames, nPrompts);
    }

    private ContextPrompts prompts(NDManager manager, List<String> names) {
        List<String> texts = new ArrayList<>(names.size());
        for (String name : names) {
            texts.add(promptPrefix + " " + name.replace('_', ' ') + ".");
        }
        return ContextPrompts.build(model, manager, texts, nCtx, ClassTokenPosition.END, new int[names.size()]);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(CTX, ctx);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        float scale = model.logitScale();
        NDArray text = FeatureMath.normalize(
                model.encodeText(manager, trainingPrompts.assemble(manager, ctx), textDropout));
        NDArray image = FeatureMath.normalize(
                model.encodeImage(manager, batch.images(), VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
        NDArray logits = FeatureMath.scaledSimilarity(image, text, scale);
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());

        NDArray teacherText = teacher.selected(manager, image, scale, tau);
        NDArray teacherLogits = FeatureMath.scaledSimilarity(image, teacherText, scale);
        NDArray sccm = ScalarOps.mul(FeatureMath.meanSquaredError(text, teacher.prototypes()), lambdaSccm);
        NDArray kdsp = ScalarOps.mul(FeatureMath.klTeacherStudent(teacherLogits, logits), lambdaKdsp);

        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("sccm", sccm);
        terms.put("kdsp", kdsp);
        return new LossResult(ce.add(sccm).add(kdsp), terms, logits);
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
        teacher.close();
        ctx.close();
    }
}
