package dev.bioprompt.methods.biovlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The BioVLM learner: a bank {@code [M, nCtx, D]} of shared contexts and the routed, distilled loss. */
final class BioVlmLearner implements PromptLearner {

    static final String BANK = "bank";
    private static final double INIT_STD = 0.02;

    private final VisionLanguageModel model;
    private final int members;
    private final int nCtx;
    private final int classes;
    private final int bankKeep;
    private final boolean textDropout;
    private final boolean fullEmbeddings;
    /** The name of the strong view in every batch ({@code strong} or {@code strong-normalised}). */
    private final String strongView;
    private final BioVlmLoss loss;
    private final NDArray bank;
    private final BankPrompts trainingPrompts;
    /** Normalised attribute features {@code [M, C, D]}: sentence m of class c. */
    private final NDArray attributes;
    /** {@code scale * attributes^T} as {@code [D, M * C]}, bank-major columns. */
    private final NDArray scaledAttributesT;

    BioVlmLearner(MethodContext context) {
        MethodParameters p = context.parameters();
        this.model = context.model();
        List<String> classNames = context.classNames();
        this.classes = classNames.size();
        if (classes == 0) {
            throw new IllegalArgumentException("biovlm needs at least one class name");
        }
        this.members = p.getInt(BioVlmMethod.BANK_SIZE);
        this.nCtx = p.getInt(BioVlmMethod.N_CTX);
        double fraction = p.getDouble(BioVlmMethod.ROUTE_FRACTION);
        String key = "method.biovlm." + BioVlmMethod.ROUTE_FRACTION;
        this.bankKeep = EntropyRouting.keepCount(fraction, members, key);
        int augmentedKeep = EntropyRouting.keepCount(fraction, 2 * members, key);
        this.textDropout = p.getBoolean(BioVlmMethod.TEXT_DROPOUT);
        this.fullEmbeddings = !p.getBoolean(BioVlmMethod.FIX_DOUBLE_EMBEDDING);
        this.strongView = BioVlmMethod.strongView(p);
        this.loss = new BioVlmLoss(new BioVlmLoss.Weights(p.getDouble(BioVlmMethod.LAMBDA_KD),
                p.getDouble(BioVlmMethod.LAMBDA_KD_AUG), p.getDouble(BioVlmMethod.LAMBDA_ENTROPY),
                p.getDouble(BioVlmMethod.LAMBDA_COS)), bankKeep, augmentedKeep,
                p.getBoolean(BioVlmMethod.FIX_ENTROPY_GRADIENT), p.getBoolean(BioVlmMethod.FIX_COSINE_AXIS));
        List<List<String>> sentences = AttributeSentences.of(context.descriptions(), classNames, members,
                p.getString(BioVlmMethod.ATTRIBUTE_PREFIX), p.getString(BioVlmMethod.ATTRIBUTE_SUFFIX));

        NDManager manager = context.manager();
        int width = model.dimensions().textWidth();
        Shape shape = new Shape(members, nCtx, width);
        this.bank = OwnedArrays.of(manager, randomNormal(shape, context.seed()), shape);
        bank.setRequiresGradient(true);
        this.trainingPrompts = BankPrompts.build(model, manager, classNames, nCtx, fullEmbeddings);
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = attributeFeatures(scope, sentences);
            NDArray flat = features.reshape((long) members * classes, -1).transpose();
            NDArray scaledT = ScalarOps.mul(flat, model.logitScale()).duplicate();
            features.attach(manager);
            scaledT.attach(manager);
            this.attributes = features;
            this.scaledAttributesT = scaledT;
        }
    }

    private static float[] randomNormal(Shape shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * INIT_STD);
        }
        return values;
    }

    /** Frozen, normalised features of the attribute sentences, {@code [M, C, D]}. */
    private NDArray attributeFeatures(NDManager scope, List<List<String>> sentences) {
        NDList perClass = new NDList();
        for (List<String> classSentences : sentences) {
            perClass.add(FeatureMath.normalize(model.encodeText(scope, model.tokenize(classSentences))));
        }
        return NDArrays.stack(perClass, 0).transpose(1, 0, 2).duplicate();
    }

    @Override
    public Map<String, NDArray> trainable() {
        return Map.of(BANK, bank);
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray strong = view(batch, strongView);
        NDArray weak = view(batch, BioVlmMethod.WEAK);
        float scale = model.logitScale();
        long b = batch.images().getShape().get(0);

        NDArray text = FeatureMath.normalize(
                model.encodeText(manager, trainingPrompts.assemble(manager, bank), textDropout));
        NDArray images = NDArrays.concat(new NDList(batch.images(), strong, weak), 0);
        NDArray features = FeatureMath.normalize(
                model.encodeImage(manager, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled())
                .stopGradient();
        NDArray base = features.get("0:{}", b);

        NDArray bankLogits = ScalarOps.mul(base.matMul(text.transpose()), scale).reshape(b, members, classes);
        NDArray attributeLogits = features.matMul(scaledAttributesT).reshape(3 * b, members, classes);
        NDArray baseAttributes = attributeLogits.get("0:{}", b);
        NDArray augmented = BioVlmLoss.pool(attributeLogits.get("{}:{}", b, 2 * b),
                attributeLogits.get("{}:{}", 2 * b, 3 * b));
        NDArray studentText = text.reshape(members, classes, -1);
        return loss.compute(bankLogits, baseAttributes, augmented, studentText,
                FeatureMath.scoped(manager, attributes), batch.labels());
    }

    private static NDArray view(TrainingBatch batch, String name) {
        NDArray view = batch.view(name).orElseThrow(() -> new IllegalArgumentException(
                "biovlm needs the '" + name + "' view in every training batch; the batch has " + batch.views().keySet()));
        if (!view.getShape().equals(batch.images().getShape())) {
            throw new IllegalArgumentException("view '" + name + "' has shape " + view.getShape()
                    + ", expected the images' shape " + batch.images().getShape());
        }
        return view;
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        try (NDManager scope = manager.newSubManager();
             BankPrompts prompts = BankPrompts.build(model, scope, names, nCtx, fullEmbeddings)) {
            NDArray context = FeatureMath.scoped(scope, bank).stopGradient();
            NDArray features = model.encodeText(scope, prompts.assemble(scope, context), false);
            return new BankClassifier(model, names, manager, features, members, bankKeep);
        }
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        return InPlaceCopy.copiesOf(manager, Map.of(BANK, bank));
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        InPlaceCopy.copyAll(Map.of(BANK, bank), tensors);
    }

    @Override
    public void close() {
        trainingPrompts.close();
        attributes.close();
        scaledAttributesT.close();
        bank.close();
    }
}
