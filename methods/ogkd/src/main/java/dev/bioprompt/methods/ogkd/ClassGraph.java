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
}
