package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.bioprompt.api.method.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Batched evaluation of a {@link Classifier} on an image set. Image features come from the {@link FeatureCache} when
 * the same feature state has already encoded the set; otherwise {@code encodeImages} runs once over the set in
 * batches and the features are cached (when they fit). No gradients are recorded.
 */
public final class Evaluator {

    private final NDManager root;
    private final int batchSize;
    private final FeatureCache cache;

    /**
     * @param root the manager under which batch-scoped managers are created
     * @param batchSize images per encoder call (the reference evaluates in batches of 100)
     * @param cache where features are kept across classifiers
     */
    public Evaluator(NDManager root, int batchSize, FeatureCache cache) {
        this.root = requireNonNull(root, "root is null");
        this.cache = requireNonNull(cache, "cache is null");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("evaluation batch size must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Evaluates a classifier on a set.
     *
     * @param classifier built for exactly the set's class names, in the same order
     * @param stateKey names the feature state ({@link FeatureCache})
     * @param images the set
     * @throws IllegalArgumentException when the classifier's class names differ from the set's
     */
    public SetEvaluation evaluate(Classifier classifier, String stateKey, EvaluationImages images) {
        requireNonNull(classifier, "classifier is null");
        requireNonNull(stateKey, "stateKey is null");
        if (!classifier.classNames().equals(images.classNames())) {
            throw new IllegalArgumentException("set '" + images.name() + "' has classes " + images.classNames()
                    + " but the classifier scores " + classifier.classNames());
        }
        int n = images.size();
        if (n == 0) {
            throw new IllegalArgumentException("set '" + images.name() + "' has no images");
        }
        int[] predictions = new int[n];
        Optional<NDArray> cached = cache.get(stateKey, images);
        if (cached.isPresent()) {
            predict(classifier, cached.get(), predictions);
        } else {
            encodeAndPredict(classifier, stateKey, images, predictions);
        }
        int[] labels = images.labels();
        return new SetEvaluation(images.name(), images.classNames(), labels, predictions,
                Metrics.of(images.classNames(), labels, predictions));
    }

    private void encodeAndPredict(Classifier classifier, String stateKey, EvaluationImages images, int[] predictions) {
        int n = images.size();
        try (NDManager collected = root.newSubManager()) {
            List<NDArray> parts = new ArrayList<>();
            boolean keep = true;
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (NDManager scope = root.newSubManager()) {
                    NDArray features;
                    try {
                        features = classifier.encodeImages(scope, images.load(scope, from, to));
                    } catch (RuntimeException e) {
                        throw OutOfDeviceMemory.explain(e, "evaluating set '" + images.name() + "' on "
                                + root.getDevice(), batchSize, EvaluationBudget.BATCH_KEY);
                    }
                    if (from == 0) {
                        long perImage = features.getShape().size() * features.getDataType().getNumOfBytes()
                                / (to - from);
                        keep = cache.fits(perImage * n);
                    }
                    if (keep) {
                        features.attach(collected);
                        parts.add(features);
                    } else {
                        predictSlice(classifier, scope, features, predictions, from);
                    }
                }
            }
            if (keep) {
                NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts));
                predict(classifier, all, predictions);
                cache.put(stateKey, images, all);
            }
        }
    }

    private void predict(Classifier classifier, NDArray features, int[] predictions) {
        long n = features.getShape().get(0);
        for (int from = 0; from < n; from += batchSize) {
            int to = (int) Math.min(n, from + batchSize);
            try (NDManager scope = root.newSubManager()) {
                NDArray slice = features.get(new NDIndex(from + ":" + to));
                slice.attach(scope);
                predictSlice(classifier, scope, slice, predictions, from);
            }
        }
    }

    private static void predictSlice(Classifier classifier, NDManager scope, NDArray features, int[] predictions,
                                     int offset) {
        NDArray logits = classifier.logits(scope, features);
        long expected = features.getShape().get(0);
        if (logits.getShape().dimension() != 2 || logits.getShape().get(0) != expected
                || logits.getShape().get(1) != classifier.classNames().size()) {
            throw new IllegalStateException("classifier returned logits of shape " + logits.getShape() + ", expected ("
                    + expected + ", " + classifier.classNames().size() + ")");
        }
        long[] best = logits.argMax(1).toLongArray();
        for (int i = 0; i < best.length; i++) {
            predictions[offset + i] = (int) best[i];
        }
    }
}
