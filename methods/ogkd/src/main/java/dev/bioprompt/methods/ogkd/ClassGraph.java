package dev.bioprompt.methods.ogkd;

import ai.djl.ndarray.NDArray;
import dev.bioprompt.api.nd.ScalarOps;

/**
 * OGKD's text-driven class graph: {@code W = row-softmax(alpha * P P^T)} over the class prototypes {@code P}, a
 * row-stochastic {@code [C, C]} matrix.
 */
final class ClassGraph {

    private ClassGraph() {
    }

    /**
     * Builds the graph.
     *
     * @param prototypes normalised class prototypes {@code [C, D]}; the result lives in their manager
     * @param alpha the softmax sharpness
     */
    static NDArray build(NDArray prototypes, double alpha) {
        return ScalarOps.mul(prototypes.matMul(prototypes.transpose()), alpha).softmax(-1);
    }

    /** Weight of the two-step path through the novel classes in {@link #foldBack}. */
    static final double FOLD_BACK_WEIGHT = 0.1;

    /**
     * The class graph over the training (base) classes with the novel classes folded back:
     * {@code W_bb + 0.1 * W_bn W_nb}, where {@code W} is {@link #build} over the base and novel prototypes together.
     * A base class thereby also relates to the base classes it reaches through a novel class. With no novel class
     * this is {@link #build} over the base prototypes.
     *
     * @param base normalised base prototypes {@code [B, D]}; the result lives in their manager
     * @param novel normalised novel prototypes {@code [N, D]}
     */
    static NDArray foldBack(NDArray base, NDArray novel, double alpha) {
        long b = base.getShape().get(0);
        if (novel.getShape().get(0) == 0) {
            return build(base, alpha);
        }
        NDArray all = build(base.concat(novel, 0), alpha);
        NDArray baseToBase = all.get("0:{}, 0:{}", b, b);
        NDArray baseToNovel = all.get("0:{}, {}:", b, b);
        NDArray novelToBase = all.get("{}:, 0:{}", b, b);
        return baseToBase.add(ScalarOps.mul(baseToNovel.matMul(novelToBase), FOLD_BACK_WEIGHT));
    }
}
