package dev.bioprompt.methods.coop;

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
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.methods.toolkit.ClassTokenPosition;
import dev.bioprompt.methods.toolkit.ContextPrompts;
import dev.bioprompt.methods.toolkit.ContextVectors;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CoOp prompt learner: {@code [CLS] ctx class . [SEP]} (or middle/front placement) and cross-entropy. */
final class CoopLearner implements PromptLearner {

    private static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final int nCtx;
    private final String promptPrefix;
    private final boolean classSpecific;
    private final ClassTokenPosition position;
    private final boolean textDropout;
    private final NDArray ctx;
    private final ContextPrompts trainingPrompts;

    CoopLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        this.classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("coop needs at least one class name");
        }
        String ctxInit = p.getString(CoopMethod.CTX_INIT).replace('_', ' ').trim();
        this.classSpecific = p.getBoolean(CoopMethod.CSC);
        this.position = ClassTokenPosition.fromKey(p.getString(CoopMethod.CLASS_TOKEN_POSITION));
        this.textDropout = p.getBoolean(CoopMethod.TEXT_DROPOUT);
        int width = model.dimensions().textWidth();
        NDManager manager = context.manager();
        if (!ctxInit.isEmpty()) {
            if (classSpecific) {
                throw new IllegalArgumentException("method.coop.csc=true needs an empty method.coop.ctx-init: the "
                        + "reference initialises class-specific context only randomly (ctx-init was '" + ctxInit + "')");
            }
            this.nCtx = ContextVectors.wordCount(ctxInit);
            this.promptPrefix = ctxInit;
            Shape shape = new Shape(nCtx, width);
            this.ctx = ContextVectors.learnable(manager, ContextVectors.fromWords(model, manager, ctxInit, nCtx), shape);
        } else {
            this.nCtx = p.getInt(CoopMethod.N_CTX);
            this.promptPrefix = String.join(" ", Collections.nCopies(nCtx, "X"));
            Shape shape = classSpecific ? new Shape(classNames.size(), nCtx, width) : new Shape(nCtx, width);
            this.ctx = ContextVectors.learnable(manager, ContextVectors.random(shape, context.seed()), shape);
        }
        this.trainingPrompts = prompts(manager, classNames);
    }

    private ContextPrompts prompts(NDManager manager, List<String> names) {
        List<String> texts = new ArrayList<>(names.size());
        for (String name : names) {
            texts.add(promptPrefix + " " + name.replace('_', ' ') + ".");
        }
        int[] nameLengths = new int[names.size()];
        if (position != ClassTokenPosition.END) {
            int[] lengths = model.tokenize(names).lengths();
            for (int i = 0; i < lengths.length; i++) {
                nameLengths[i] = lengths[i] - 2;
            }
        }
        return ContextPrompts.build(model, manager, texts, nCtx, position, nameLengths);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(CTX, ctx);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray text = FeatureMath.normalize(model.encodeText(manager, trainingPrompts.assemble(manager, ctx), textDropout));
        NDArray image = FeatureMath.normalize(
                model.encodeImage(manager, batch.images(), VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
        NDArray logits = FeatureMath.scaledSimilarity(image, text, model.logitScale());
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        return new LossResult(ce, terms, logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray context = contextFor(scope, names);
            try (ContextPrompts prompts = prompts(scope, names)) {
                NDArray features = model.encodeText(scope, prompts.assemble(scope, context), false);
                return new TextFeatureClassifier(model, names, manager, features, m -> VisualPrompts.none());
            }
        }
    }

    /** The context for a class list: the shared context, or the learned class-specific rows by class name. */
    private NDArray contextFor(NDManager scope, List<String> names) {
        NDArray context = FeatureMath.scoped(scope, ctx).stopGradient();
        if (!classSpecific) {
            return context;
        }
        long[] rows = new long[names.size()];
        for (int i = 0; i < rows.length; i++) {
            int row = classNames.indexOf(names.get(i));
            if (row < 0) {
                throw new IllegalArgumentException("class-specific CoOp context was learned for " + classNames
                        + " and cannot score the unseen class '" + names.get(i) + "'");
            }
            rows[i] = row;
        }
        return context.get(OwnedArrays.of(scope, rows));
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
        ctx.close();
    }
}
