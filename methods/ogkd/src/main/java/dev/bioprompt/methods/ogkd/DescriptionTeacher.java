package dev.bioprompt.methods.ogkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.ArrayList;
import java.util.List;

/**
 * The frozen LLM-description features of the training classes (computed once, inference mode): the class prototypes
 * {@code norm(mean_i norm(r_{c,i}))} and the per-batch outlier-pruned teacher text.
 */
final class DescriptionTeacher implements AutoCloseable {

    /** Texts are encoded in chunks of this many to bound memory. */
    private static final int CHUNK = 64;

    private final int classes;
    /** Normalised features of the first n descriptions of every class, {@code [C, n, D]}. */
    private final NDArray descriptions;
    /** The same as {@code [D, C * n]}, class-major columns. */
    private final NDArray descriptionsT;
    /** {@code norm(mean of all normalised description features)} per class, {@code [C, D]}. */
    private final NDArray prototypes;

    private DescriptionTeacher(int classes, NDArray descriptions, NDArray descriptionsT, NDArray prototypes) {
        this.classes = classes;
        this.descriptions = descriptions;
        this.descriptionsT = descriptionsT;
        this.prototypes = prototypes;
    }

    /**
     * Encodes the first {@code limit} descriptions of every class. The pruning uses the first n of every class, where
     * n is the smallest count; the prototypes use all of a class's (up to {@code limit}).
     *
     * @throws IllegalArgumentException naming a class without descriptions and the description source
     */
    static DescriptionTeacher build(VisionLanguageModel model, NDManager manager, ClassDescriptions source,
                                    List<String> classNames, int limit) {
        List<String> flat = new ArrayList<>();
        int[] counts = new int[classNames.size()];
        int n = Integer.MAX_VALUE;
        for (int c = 0; c < counts.length; c++) {
            List<String> sentences = source.of(classNames.get(c));
            List<String> first = sentences.subList(0, Math.min(limit, sentences.size()));
            counts[c] = first.size();
            n = Math.min(n, first.size());
            flat.addAll(first);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList chunks = new NDList();
            for (int start = 0; start < flat.size(); start += CHUNK) {
                List<String> chunk = flat.subList(start, Math.min(flat.size(), start + CHUNK));
                chunks.add(FeatureMath.normalize(model.encodeText(scope, model.tokenize(chunk))));
            }
            NDArray all = chunks.size() == 1 ? chunks.head() : NDArrays.concat(chunks, 0);
            NDList firstN = new NDList();
            NDList means = new NDList();
            int offset = 0;
            for (int count : counts) {
                firstN.add(all.get("{}:{}", offset, offset + n));
                means.add(all.get("{}:{}", offset, offset + count).mean(new int[] {0}));
                offset += count;
            }
            NDArray stacked = NDArrays.stack(firstN, 0);
            long width = stacked.getShape().get(2);
            NDArray transposed = stacked.reshape((long) counts.length * n, width).transpose().duplicate();
            NDArray prototypes = FeatureMath.normalize(NDArrays.stack(means, 0));
            stacked.attach(manager);
            transposed.attach(manager);
            prototypes.attach(manager);
            return new DescriptionTeacher(counts.length, stacked, transposed, prototypes);
        }
    }

    /** The class prototypes {@code [C, D]} (long-lived; copy before starting step operations from it). */
    NDArray prototypes() {
        return prototypes;
    }

    /**
     * The score of every description index: {@code mean_b max_c (scale * v_b . r_{c,i})}.
     *
     * @param image normalised global image features {@code [B, D]} (step-scoped)
     */
    float[] scores(NDArray image, float scale) {
        long batch = image.getShape().get(0);
        long n = descriptionsT.getShape().get(1) / classes;
        return ScalarOps.mul(image.stopGradient().matMul(descriptionsT), scale).reshape(batch, classes, n)
                .max(new int[] {1})
                .mean(new int[] {0}).toFloatArray();
    }

    /**
     * The teacher text of one batch, {@code norm(mean of the kept descriptions)} per class, {@code [C, D]}, in
     * {@code manager}.
     */
    NDArray selected(NDManager manager, NDArray image, float scale, double tau) {
        float[] weights = OutlierSelection.weights(OutlierSelection.keep(scores(image, scale), tau));
        NDArray w = manager.create(weights).reshape(1, weights.length, 1);
        return FeatureMath.normalize(w.mul(descriptions).sum(new int[] {1}));
    }

    @Override
    public void close() {
        descriptions.close();
        descriptionsT.close();
        prototypes.close();
    }
}
