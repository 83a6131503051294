package dev.bioprompt.methods.prograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.GradientGuide;
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

/**
 * The ProGrad learner: CoOp prompts and cross-entropy; the distillation term against the teacher (the student
 * itself, or the zero-shot classifier), and with the zero-shot teacher a gradient guide that projects the
 * cross-entropy gradient.
 */
final class ProGradLearner implements PromptLearner {

    private static final String CTX = "ctx";

    private final VisionLanguageModel model;
    private final int nCtx;
    private final String promptPrefix;
    private final boolean zeroShotTeacher;
    private final double temperature;
    private final GradientProjection projection;
    private final boolean textDropout;
    private final NDArray ctx;
    private final ContextPrompts trainingPrompts;
    private final NDArray teacherText;

    ProGradLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("prograd needs at least one class name");
        }
        String template = p.getString(ProGradMethod.TEMPLATE);
        this.zeroShotTeacher = p.getString(ProGradMethod.TEACHER).equals(ProGradMethod.TEACHER_ZERO_SHOT);
        this.temperature = p.getDouble(ProGradMethod.TEMPERATURE);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("method.prograd.temperature must be positive, was " + temperature);
        }
        this.projection = new GradientProjection(p.getDouble(ProGradMethod.LAMBDA));
        this.textDropout = p.getBoolean(ProGradMethod.TEXT_DROPOUT);
        this.nCtx = p.getInt(ProGradMethod.N_CTX);
        if (nCtx <= 0) {
            throw new IllegalArgumentException("method.prograd.n-ctx must be positive, was " + nCtx);
        }
        int width = model.dimensions().textWidth();
        NDManager manager = context.manager();
        Shape shape = new Shape(nCtx, width);
        if (p.getBoolean(ProGradMethod.INIT_FROM_TEMPLATE)) {
            String phrase = initPhrase(template);
            int words = ContextVectors.wordCount(phrase);
            if (nCtx < words) {
                throw new IllegalArgumentException("method.prograd.n-ctx (" + nCtx + ") must be at least the "
                        + words + " words of the initial prompt '" + phrase + "'");
            }
            float[] values = new float[nCtx * width];
            float[] fromWords = ContextVectors.fromWords(model, manager, phrase, words);
            System.arraycopy(fromWords, 0, values, (nCtx - words) * width, fromWords.length);
            String padding = String.join(" ", Collections.nCopies(nCtx - words, "X"));
            this.promptPrefix = padding.isEmpty() ? phrase : padding + " " + phrase;
            this.ctx = ContextVectors.learnable(manager, values, shape);
        } else {
            this.promptPrefix = String.join(" ", Collections.nCopies(nCtx, "X"));
            this.ctx = ContextVectors.learnable(manager, ContextVectors.random(shape, context.seed()), shape);
        }
        this.trainingPrompts = prompts(manager, classNames);
        this.teacherText = zeroShotTeacher
                ? TemplateFeatures.normalized(model, manager, template, classNames) : null;
    }

    /** The reference's initial words: the template without its {@code " {}."}. */
    static String initPhrase(String template) {
        String phrase = template.replace(" {}.", "").replace('_', ' ').trim();
        if (phrase.contains("{}") || phrase.isEmpty()) {
            throw new IllegalArgumentException("method.prograd.template '" + template + "' must end with ' {}.' "
                    + "after the initial words (the reference strips it to initialise the context)");
        }
        return phrase;
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
        NDArray teacher = zeroShotTeacher
                ? FeatureMath.scaledSimilarity(image, FeatureMath.scoped(manager, teacherText), model.logitScale())
                : logits;
        NDArray kl = distillation(logits, teacher.stopGradient(), temperature);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("kl", kl);
        if (!zeroShotTeacher) {
            return new LossResult(ce, terms, logits);
        }
        return new LossResult(ce, terms, logits, new GradientGuide(kl, projection));
    }

    /**
     * The reference's {@code ProGradLoss} distillation term:
     * {@code mean_b sum_c -softmax(teacher / T)_c * log_softmax(student / T)_c * T^2}.
     */
    static NDArray distillation(NDArray student, NDArray teacher, double temperature) {
        NDArray q = ScalarOps.div(teacher, temperature).softmax(-1);
        NDArray logP = ScalarOps.div(student, temperature).logSoftmax(-1);
        return ScalarOps.mul(q.mul(logP).sum(new int[] {1}).neg().mean(), temperature * temperature);
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
        if (teacherText != null) {
            teacherText.close();
        }
        ctx.close();
    }
}
