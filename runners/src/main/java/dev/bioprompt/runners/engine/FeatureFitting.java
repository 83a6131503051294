package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.FittedLearner;
import dev.bioprompt.api.method.FittingData;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fitting path for {@link FittedLearner}s: methods that do not train by SGD epochs (cache models, linear probes).
 * The engine encodes the support set (each augmented pass on first request, with the run's training augmentation
 * drawn from {@code Seeds.derive(seed, FIT, pass)}) and the validation set (evaluation transform) once with the frozen
 * backbone, keeps the features for the duration of the fit, hands them to {@link FittedLearner#fit}, and releases
 * them. No gradients are recorded; values the learner reports go to the tracked run. A fit is deterministic in the
 * run seed, so a resumed cell fits again instead of reading a checkpoint.
 */
public final class FeatureFitting {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureFitting.class);

    private final VisionLanguageModel model;
    private final List<String> classNames;
    private final BatchSource support;
    private final EvaluationImages validation;
    private final long seed;
    private final int batchSize;
    private final TrainingOptions options;

    /**
     * @param model the frozen backbone
     * @param classNames the training class names, in label order
     * @param support the support set with the training augmentation
     * @param validation the few-shot validation set with the evaluation transform (may be empty)
     * @param seed the run seed
     * @param batchSize images per encoder call
     * @param options where reported values go (the tracked run)
     */
    public FeatureFitting(VisionLanguageModel model, List<String> classNames, BatchSource support,
                          EvaluationImages validation, long seed, int batchSize, TrainingOptions options) {
        this.model = requireNonNull(model, "model is null");
        this.classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        this.support = requireNonNull(support, "support is null");
        this.validation = requireNonNull(validation, "validation is null");
        this.options = requireNonNull(options, "options is null");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.seed = seed;
        this.batchSize = batchSize;
    }

    /**
     * Fits the learner on features computed here.
     *
     * @param root the run's manager
     * @param method the method name (for messages)
     * @return an empty training history (a fit has no epochs)
     */
    public TrainingSummary fit(NDManager root, String method, FittedLearner learner) {
        requireNonNull(learner, "learner is null");
        GradMode.disableOnCurrentThread();
        long started = System.nanoTime();
        try (NDManager features = root.newSubManager(); NDManager scratch = root.newSubManager()) {
            Data data = new Data(features);
            learner.fit(scratch, data);
            LOG.info("{}: fitted from {} support pass(es) and {} validation images in {} ms", method,
                    data.passes.size(), validation.size(), (System.nanoTime() - started) / 1_000_000);
        }
        return new TrainingSummary(0, 0, List.of());
    }

    /** Features of the support and validation sets, encoded on first request and kept in {@code manager}. */
    private final class Data implements FittingData {

        private final NDManager manager;
        private final Map<Integer, NDArray> passes = new HashMap<>();
        private final int[] supportLabels;
        private NDArray validationFeatures;

        Data(NDManager manager) {
            this.manager = manager;
            this.supportLabels = new int[support.size()];
        }

        @Override
        public List<String> classNames() {
            return classNames;
        }

        @Override
        public int[] supportLabels() {
            passes.computeIfAbsent(0, this::encodeSupport);
            return supportLabels.clone();
        }

        @Override
        public NDArray supportFeatures(NDManager target, int pass) {
            if (pass < 0) {
                throw new IllegalArgumentException("pass must be >= 0, was " + pass);
            }
            NDArray kept = passes.computeIfAbsent(pass, this::encodeSupport);
            return copy(target, kept);
        }

        private NDArray encodeSupport(int pass) {
            long passSeed = Seeds.derive(seed, Seeds.FIT, pass);
            int n = support.size();
            NDList parts = new NDList();
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (NDManager scope = manager.newSubManager()) {
                    TrainingBatch batch = support.load(scope, range(from, to), Set.of(), passSeed);
                    long[] labels = batch.labels().toLongArray();
                    for (int i = 0; i < labels.length; i++) {
                        supportLabels[from + i] = (int) labels[i];
                    }
                    NDArray pooled = encode(scope, batch.images());
                    pooled.attach(manager);
                    parts.add(pooled);
                }
            }
            return concat(parts);
        }

        @Override
        public int[] validationLabels() {
            return validation.labels();
        }

        @Override
        public NDArray validationFeatures(NDManager target) {
            int m = validation.size();
            if (m == 0) {
                throw new IllegalStateException("the task has no validation images (set '" + validation.name()
                        + "')");
            }
            if (validationFeatures == null) {
                NDList parts = new NDList();
                for (int from = 0; from < m; from += batchSize) {
                    int to = Math.min(m, from + batchSize);
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray pooled = encode(scope, validation.load(scope, from, to));
                        pooled.attach(manager);
                        parts.add(pooled);
                    }
                }
                validationFeatures = concat(parts);
            }
            return copy(target, validationFeatures);
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public void logMetric(String name, double value, int step) {
            requireNonNull(name, "name is null");
            options.run().ifPresent(run -> run.logMetrics(Map.of(name, value), step));
        }

        private NDArray encode(NDManager scope, NDArray images) {
            return model.encodeImage(scope, images, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
        }

        private NDArray concat(NDList parts) {
            if (parts.size() == 1) {
                return parts.head();
            }
            NDArray all = NDArrays.concat(parts, 0);
            all.attach(manager);
            parts.forEach(NDArray::close);
            return all;
        }

        private NDArray copy(NDManager target, NDArray array) {
            NDArray out = array.duplicate();
            out.attach(target);
            return out;
        }
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
