package dev.bioprompt.methods.fsclip;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.InPlaceCopy;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CLIP-Adapter on the image side: {@code A(f) = relu(relu(f W1^T) W2^T)} (two bias-free linear layers, D to D/r to
 * D), the blended feature {@code f' = alpha A(f) + (1 - alpha) f} (not renormalised, as in the reference) and
 * {@code z = s f' T^T} with the frozen "a photo of a {}." text classifier T. The image features are frozen: only the
 * adapter learns, trained by the engine's plain SGD with the per-iteration cosine.
 */
final class ClipAdapterLearner implements PromptLearner {

    static final String FC1 = "adapter.fc1";
    static final String FC2 = "adapter.fc2";

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final double alpha;
    private final NDArray fc1;
    private final NDArray fc2;
    private final NDArray scaledTextT;
    private final Map<String, NDArray> trainable;

    ClipAdapterLearner(VisionLanguageModel model, List<String> classNames, NDManager manager, double alpha,
                       int reduction, long seed) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.alpha = alpha;
        int d = model.dimensions().embedDim();
        int hidden = d / reduction;
        if (hidden <= 0) {
            throw new IllegalArgumentException("method.clip-adapter.reduction " + reduction + " leaves no hidden units "
                    + "for embedding width " + d);
        }
        Random random = new Random(seed);
        this.fc1 = uniform(manager, random, hidden, d);
        this.fc2 = uniform(manager, random, d, hidden);
        Map<String, NDArray> map = new LinkedHashMap<>();
        map.put(FC1, fc1);
        map.put(FC2, fc2);
        this.trainable = Collections.unmodifiableMap(map);
        NDArray text = Dense.toArray(manager, TemplateText.features(model, manager, classNames));
        this.scaledTextT = ScalarOps.mul(text.transpose(), model.logitScale());
        text.close();
    }

    /** A PyTorch-default Linear weight {@code [out, in]}, {@code U(+-1/sqrt(in))}, with gradients. */
    private static NDArray uniform(NDManager manager, Random random, int out, int in) {
        float[] values = new float[out * in];
        double bound = 1 / Math.sqrt(in);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        NDArray array = OwnedArrays.of(manager, values, new Shape(out, in));
        array.setRequiresGradient(true);
        return array;
    }

    @Override
    public Map<String, NDArray> trainable() {
        return trainable;
    }

    /** The blended feature {@code alpha A(f) + (1 - alpha) f}; every intermediate in {@code f}'s manager. */
    static NDArray adapt(NDArray f, NDArray w1, NDArray w2, double alpha) {
        NDManager m = f.getManager();
        NDArray w1t = FeatureMath.scoped(m, w1).transpose();
        NDArray w2t = FeatureMath.scoped(m, w2).transpose();
        NDArray adapted = ScalarOps.maximum(ScalarOps.maximum(f.matMul(w1t), 0).matMul(w2t), 0);
        return ScalarOps.mul(adapted, alpha).add(ScalarOps.mul(f, 1 - alpha));
    }

    @Override
    public LossResult loss(NDManager manager, TrainingBatch batch) {
        NDArray f = FeatureMath.normalize(model.encodeImage(manager, batch.images(), VisualPrompts.none(),
                ImageEncodeOptions.POOLED).pooled()).stopGradient();
        NDArray logits = adapt(f, fc1, fc2, alpha).matMul(FeatureMath.scoped(manager, scaledTextT));
        NDArray ce = FeatureMath.crossEntropy(logits, batch.labels());
        return new LossResult(ce, Map.of("ce", ce), logits);
    }

    @Override
    public Classifier classifier(NDManager manager, List<String> names) {
        double[][] text = TemplateText.features(model, manager, names);
        double scale = model.logitScale();
        double[][] w1 = Dense.of(fc1);
        double[][] w2 = Dense.of(fc2);
        double a = alpha;
        return new FrozenFeatureClassifier(model, names) {
            @Override
            NDArray scores(NDManager scope, NDArray features) {
                NDArray blended = adapt(features, Dense.toArray(scope, w1), Dense.toArray(scope, w2), a);
                return ScalarOps.mul(blended.matMul(Dense.toArray(scope, text).transpose()), scale);
            }
        };
    }

    @Override
    public Map<String, NDArray> exportTensors(NDManager manager) {
        return InPlaceCopy.copiesOf(manager, trainable);
    }

    @Override
    public void importTensors(Map<String, NDArray> tensors) {
        InPlaceCopy.copyAll(trainable, tensors);
    }

    @Override
    public void close() {
    }
}
