package dev.bioprompt.methods.ogkd;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.Locale;

/**
 * The geometry-aware target: the teacher's class distribution mixed with its propagation along the class graph.
 *
 * <p>In {@link Space#LOG} (the released code) the mix is {@code (1 - gamma) l + gamma l W} on log-probabilities
 * {@code l}, not renormalised. In {@link Space#PROBABILITY} (the method figure) it is
 * {@code log((1 - gamma) p + gamma p W)}, which stays normalised because W is row-stochastic.
 *
 * @param graph the class graph {@code [C, C]}
 * @param gamma the mixing weight
 * @param space where the mix happens
 */
record GeometrySmoothing(NDArray graph, double gamma, Space space) {

    /** Where the teacher distribution is mixed with its graph propagation. */
    enum Space {
        LOG, PROBABILITY;

        /** The configuration spelling. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses the configuration spelling. */
        static Space fromKey(String key) {
            for (Space s : values()) {
                if (s.key().equals(key)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("method.ogkd.geometry-space must be log or probability, was '" + key + "'");
        }
    }

    GeometrySmoothing {
        requireNonNull(graph, "graph is null");
        requireNonNull(space, "space is null");
    }

    /**
     * The smoothed target in log space.
     *
     * @param logProbabilities teacher log-probabilities {@code [N, C]} (step-scoped; results land in its manager)
     */
    NDArray smooth(NDArray logProbabilities) {
        if (gamma == 0) {
            return logProbabilities;
        }
        float keep = (float) (1 - gamma);
        float mix = (float) gamma;
        if (space == Space.LOG) {
            return ScalarOps.mul(logProbabilities, keep).add(ScalarOps.mul(logProbabilities.matMul(graph), mix));
        }
        NDArray p = logProbabilities.exp();
        return ScalarOps.mul(p, keep).add(ScalarOps.mul(p.matMul(graph), mix)).log();
    }
}
