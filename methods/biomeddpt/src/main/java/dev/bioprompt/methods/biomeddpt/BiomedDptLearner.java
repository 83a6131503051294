package dev.bioprompt.methods.biomeddpt;

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
import dev.bioprompt.methods.toolkit.DescriptionFeatures;
import dev.bioprompt.methods.toolkit.FeatureMath;
import dev.bioprompt.methods.toolkit.TextFeatureClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Biomed-DPT learner: the template's first {@code n-ctx} tokens after {@code [CLS]} are the learnable context,
 * images pass the vision tower with zero prompts, and the loss is
 * {@code CE + lambda_l1 * L1(t, p) + lambda_kl * KL(s v p^T || s v t^T) / (B * C)} with {@code p} the renormalised mean
 * of all description features of each class (no pruning).
 */
final class BiomedDptLearner implements PromptLearner {

    private static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final String template;
    private final int nCtx;
    private final ClassTokenPosition position;
    private final float lambdaL1;
    private final float lambdaKl;
    private final boolean textDropout;
    private final ZeroVisualPrompts visualPrompts;
    private final NDArray ctx;
    private final ContextPrompts trainingPrompts;
    /** {@code norm(mean of the normalised description features)} per training class, {@code [C, D]}. */
    private final NDArray descriptionMeans;

    BiomedDptLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("biomed-dpt needs at least one class name");
        }
        this.template = p.getString(BiomedDptMethod.TEMPLATE);
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("method.biomed-dpt.template must contain {} for the class name, was '"
                    + template + "'");
        }
        this.nCtx = p.getInt(BiomedDptMethod.N_CTX);
        this.position = ClassTokenPosition.fromKey(p.getString(BiomedDptMethod.CLASS_TOKEN_POSITION));
        this.lambdaL1 = (float) p.getDouble(BiomedDptMethod.LAMBDA_L1);
        this.lambdaKl = (float) p.getDouble(BiomedDptMethod.LAMBDA_KL);
        this.textDropout = p.getBoolean(BiomedDptMethod.TEXT_DROPOUT);
        int nPrompts = p.getInt(BiomedDptMethod.N_PROMPTS);
        VisualPrompts.Mode mode = VisualPrompts.Mode.valueOf(
                p.getString(BiomedDptMethod.VISUAL_PROMPT_MODE).toUpperCase(Locale.ROOT));
        this.visualPrompts = new ZeroVisualPrompts(p.getInt(BiomedDptMethod.VISUAL_PROMPT_TOKENS), model.dimensions(), mode);
        List<List<String>> texts = DescriptionFeatures.firstOf(context.descriptions(), classNames, nPrompts);

        NDManager manager = context.manager();
        String ctxInit = p.getString(BiomedDptMethod.CTX_INIT).trim();
        Shape shape = new Shape(nCtx, model.dimensions().textWidth());
        float[] initial = ctxInit.isEmpty()
                ? ContextVectors.random(shape, context.seed())
                : ContextVectors.fromWords(model, manager, ctxInit, nCtx);
        this.ctx = ContextVectors.learnable(manager, initial, shape);
        this.trainingPrompts = prompts(manager, classNames);
        try (NDManager scope = manager.newSubManager()) {
            NDArray means = DescriptionFeatures.classMeans(DescriptionFeatures.normalized(model, scope, texts));
            means.attach(manager);
            this.descriptionMeans = means;
        }
    }

    /**
     * The template prompts; {@code middle} and {@code front} move exactly one token, because the reference measures
     * every class name as one token (its tokenizer returns a {@code [1, 256]} batch).
     */
    private ContextPrompts prompts(NDManager manager, List<String> names) {
        List<String> texts = new ArrayList<>(names.size());
        for (String name : names) {
            texts.add(template.replace("{}", name.replace('_', ' ')));
        }
        int[] nameLengths = new int[names.size()];
        Arrays.fill(nameLengths, 1);
        return ContextPrompts.build(model, manager, texts, nCtx, position, nameLengths);
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(CTX, ctx);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        float scale = model.logitScale();
        NDArray text = FeatureMath.normalize(model.encodeText(manager, trainingPrompts.assemble(manager, ctx), textDropout));
        NDArray image = FeatureMath.normalize(model.encodeImage(manager, batch.images(), visualPrompts.apply(manager),
                ImageEncodeOptions.POOLED).pooled());
        NDArray logits = FeatureMath.scaledSimilarity(image, text, scale);
        NDArray teacher = FeatureMath.scaledSimilarity(image, descriptionMeans, scale);

        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        NDArray l1 = ScalarOps.mul(FeatureMath.meanAbsoluteError(text, descriptionMeans), lambdaL1);
        NDArray kl = ScalarOps.mul(FeatureMath.klTeacherStudent(teacher, logits), lambdaKl);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("l1", l1);
        terms.put("kl", kl);
        return new LossResult(ce.add(l1).add(kl), terms, logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        return TextFeatureClassifier.ofContext(model, names, manager, ctx, this::prompts, visualPrompts);
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
        descriptionMeans.close();
        ctx.close();
    }
}
