package dev.bioprompt.methods.ogkd;

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
import dev.bioprompt.api.model.ImageEncoding;
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
 * The OGKD learner: the BiomedCoOp prompt {@code [CLS] ctx class . [SEP]} and the loss
 * {@code CE + lambda_sccm * SCCM + lambda_gad * GAD + lambda_lgd * LGD}.
 */
final class OgkdLearner implements PromptLearner {

    static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String contextWords;
    private final double lambdaSccm;
    private final double lambdaGad;
    private final double lambdaLgd;
    private final double tau;
    private final double topkRatio;
    private final boolean textDropout;
    private final NDArray ctx;
    private final ContextPrompts trainingPrompts;
    private final DescriptionTeacher teacher;
    private final NDArray graph;
    private final GeometrySmoothing smoothing;

    OgkdLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("ogkd needs at least one class name");
        }
        this.lambdaSccm = p.getDouble(OgkdMethod.LAMBDA_SCCM);
        this.lambdaGad = p.getDouble(OgkdMethod.LAMBDA_GAD);
        this.lambdaLgd = p.getDouble(OgkdMethod.LAMBDA_LGD);
        this.tau = p.getDouble(OgkdMethod.TAU);
        this.topkRatio = p.getDouble(OgkdMethod.TOPK_RATIO);
        double gamma = p.getDouble(OgkdMethod.GAMMA);
        this.textDropout = p.getBoolean(OgkdMethod.TEXT_DROPOUT);
        int nPrompts = p.getInt(OgkdMethod.N_PROMPTS);

        NDManager manager = context.manager();
        int width = model.dimensions().textWidth();
        String ctxInit = p.getString(OgkdMethod.CTX_INIT).replace('_', ' ').trim();
        int requested = p.getInt(OgkdMethod.N_CTX);
        if (!ctxInit.isEmpty() && requested == 4) {
            this.nCtx = ContextVectors.wordCount(ctxInit);
            this.contextWords = ctxInit;
            this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, ctxInit, nCtx),
                    new Shape(nCtx, width));
        } else {
            this.nCtx = requested;
            this.contextWords = String.join(" ", Collections.nCopies(nCtx, "X"));
            Shape shape = new Shape(nCtx, width);
            this.ctx = ContextVectors.learnable(manager, ContextVectors.random(shape, context.seed()), shape);
        }
        this.trainingPrompts = prompts(manager, classNames);
        this.teacher = DescriptionTeacher.build(model, manager, context.descriptions(), classNames, nPrompts);
        this.graph = classGraph(context, nPrompts);
        this.smoothing = new GeometrySmoothing(graph, gamma,
                GeometrySmoothing.Space.fromKey(p.getString(OgkdMethod.GEOMETRY_SPACE)));
    }

    /**
     * The class graph over the training classes; with {@code novel-fold-back}, the dataset's classes that are not
     * trained (the novel half of base-to-novel) are folded in through their description prototypes.
     */
    private NDArray classGraph(MethodContext context, int nPrompts) {
        MethodParameters p = context.parameters();
        double alpha = p.getDouble(OgkdMethod.ALPHA);
        NDManager manager = context.manager();
        try (NDManager scope = manager.newSubManager()) {
            NDArray base = FeatureMath.scoped(scope, teacher.prototypes());
            NDArray w;
            List<String> novel = context.dataset().classNames().stream()
                    .filter(name -> !context.classNames().contains(name)).toList();
            if (p.getBoolean(OgkdMethod.NOVEL_FOLD_BACK) && !novel.isEmpty()) {
                try (DescriptionTeacher novelTeacher = DescriptionTeacher.build(model, scope, context.descriptions(),
                        novel, nPrompts)) {
                    w = ClassGraph.foldBack(base, novelTeacher.prototypes(), alpha).duplicate();
                }
            } else {
                w = ClassGraph.build(base, alpha).duplicate();
            }
            w.attach(manager);
            return w;
        }
    }

    /** The class graph {@code [C, C]} over the training classes. */
    NDArray graph() {
        return graph;
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
        boolean patches = lambdaLgd != 0;
        ImageEncoding encoding = model.encodeImage(manager, batch.images(), VisualPrompts.none(),
                patches ? ImageEncodeOptions.WITH_PATCHES : ImageEncodeOptions.POOLED);
        NDArray image = FeatureMath.normalize(encoding.pooled());
        NDArray logits = FeatureMath.scaledSimilarity(image, text, scale);
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());

        NDArray teacherText = teacher.selected(manager, image, scale, tau);
        NDArray teacherLogits = FeatureMath.scaledSimilarity(image, teacherText, scale);
        NDArray sccm = ScalarOps.mul(FeatureMath.meanSquaredError(text, teacher.prototypes()), lambdaSccm);
        NDArray gad = ScalarOps.mul(OgkdLoss.gad(logits, teacherLogits, smoothing), lambdaGad);

        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("sccm", sccm);
        terms.put("gad", gad);
        NDArray total = ce.add(sccm).add(gad);
        if (patches) {
            NDArray tokens = FeatureMath.normalize(encoding.patches().orElseThrow(() -> new IllegalStateException(
                    "the backbone returned no patch tokens although they were requested")));
            Shape shape = tokens.getShape();
            long b = shape.get(0);
            long n = shape.get(1);
            NDArray flat = tokens.reshape(b * n, shape.get(2));
            long classes = text.getShape().get(0);
            NDArray studentPatches = FeatureMath.scaledSimilarity(flat, text, scale).reshape(b, n, classes);
            NDArray teacherPatches = FeatureMath.scaledSimilarity(flat, teacherText, scale).reshape(b, n, classes);
            int k = OgkdLoss.topK(Math.toIntExact(n), topkRatio);
            NDArray lgd = ScalarOps.mul(
                    OgkdLoss.lgd(manager, studentPatches, teacherPatches, batch.labels(), k, smoothing), lambdaLgd);
            terms.put("lgd", lgd);
            total = total.add(lgd);
        }
        return new LossResult(total, terms, logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        return TextFeatureClassifier.ofContext(model, names, manager, ctx, this::prompts, m -> VisualPrompts.none());
    }

    /** The student prompts {@code "<context words> <class name>."} of a class list, the context in place of the words. */
    private ContextPrompts prompts(NDManager manager, List<String> names) {
        List<String> texts = new ArrayList<>(names.size());
        for (String name : names) {
            texts.add(contextWords + " " + name.replace('_', ' ') + ".");
        }
        return ContextPrompts.build(model, manager, texts, nCtx, ClassTokenPosition.END, new int[names.size()]);
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
        graph.close();
        ctx.close();
    }
}
