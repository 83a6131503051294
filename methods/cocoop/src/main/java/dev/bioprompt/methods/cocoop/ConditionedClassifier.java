package dev.bioprompt.methods.cocoop;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.methods.toolkit.ContextPrompts;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.List;

/**
 * CoCoOp's image-conditioned classifier. {@link #encodeImages} is the plain normalised image feature (so the engine
 * caches it like any other); {@link #logits} shifts the context per image and encodes the {@code C} class prompts of
 * every image, which is what the method needs and no more: the frozen prompt buffers of the class list are built
 * once, and images are scored in chunks of at most {@value #MAX_PROMPTS} prompts per text-encoder call.
 */
final class ConditionedClassifier implements Classifier {

    /** The most prompts one text-encoder call encodes. */
    static final int MAX_PROMPTS = 512;

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final NDManager manager;
    private final ContextPrompts prompts;
    private final NDArray ctx;
    private final MetaNet metaNet;

    ConditionedClassifier(VisionLanguageModel model, List<String> classNames, NDManager manager, ContextPrompts prompts,
                          NDArray ctx, MetaNet metaNet) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(classNames);
        this.manager = manager;
        this.prompts = prompts;
        this.ctx = ctx;
        this.metaNet = metaNet;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public NDArray encodeImages(NDManager target, NDArray images) {
        try (NDManager scope = target.newSubManager()) {
            NDArray features = FeatureMath.normalize(
                    model.encodeImage(scope, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled());
            features.attach(target);
            return features;
        }
    }

    @Override
    public NDArray logits(NDManager target, NDArray imageFeatures) {
        long n = imageFeatures.getShape().get(0);
        int chunk = Math.max(1, MAX_PROMPTS / Math.max(1, classNames.size()));
        try (NDManager scope = target.newSubManager()) {
            NDList parts = new NDList();
            for (long from = 0; from < n; from += chunk) {
                long to = Math.min(n, from + chunk);
                NDArray slice = imageFeatures.get("{}:{}", from, to);
                slice.attach(scope);
                parts.add(CoCoopLearner.conditionedLogits(model, prompts, FeatureMath.scoped(scope, ctx), metaNet,
                        slice, false));
            }
            NDArray logits = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
            logits = logits.duplicate();
            logits.attach(target);
            return logits;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
