package dev.bioprompt.methods.toolkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.OwnedArrays;
import java.util.List;

/**
 * The frozen LLM-description features of the training classes (computed once, inference mode): the class prototypes
 * {@code norm(mean_i norm(r_{c,i}))} (BiomedCoOp's SCCM target, OGKD's graph nodes) and the per-batch
 * outlier-pruned teacher text ({@link DescriptionPruning}).
 */
public final class DescriptionTeacher implements AutoCloseable {

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
    public static DescriptionTeacher build(VisionLanguageModel model, NDManager manager, ClassDescriptions source,
                                           List<String> classNames, int limit) {
        List<List<String>> texts = DescriptionFeatures.firstOf(source, classNames, limit);
        int n = texts.stream().mapToInt(List::size).min().orElse(0);
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> perClass = DescriptionFeatures.normalized(model, scope, texts);
            NDList firstN = new NDList();
            for (NDArray features : perClass) {
                firstN.add(features.get("0:{}", n));
            }
            NDArray stacked = NDArrays.stack(firstN, 0);
            long width = stacked.getShape().get(2);
            NDArray transposed = stacked.reshape((long) texts.size() * n, width).transpose().duplicate();
            NDArray prototypes = DescriptionFeatures.classMeans(perClass);
            stacked.attach(manager);
            transposed.attach(manager);
            prototypes.attach(manager);
            return new DescriptionTeacher(texts.size(), stacked, transposed, prototypes);
        }
    }

    /** The class prototypes {@code [C, D]} (long-lived; copy before starting step operations from it). */
    public NDArray prototypes() {
        return prototypes;
    }

    /**
     * The teacher text of one batch, {@code norm(mean of the kept descriptions)} per class, {@code [C, D]}, in
     * {@code manager}.
     */
    public NDArray selected(NDManager manager, NDArray image, float scale, double tau) {
        float[] weights = DescriptionPruning.weights(DescriptionPruning.keep(
                DescriptionPruning.scores(image, descriptionsT, classes, scale), tau));
        NDArray w = OwnedArrays.of(manager, weights).reshape(1, weights.length, 1);
        return FeatureMath.normalize(w.mul(descriptions).sum(new int[] {1}));
    }

    @Override
    public void close() {
        descriptions.close();
        descriptionsT.close();
        prototypes.close();
    }
}
