package dev.bioprompt.methods.biovlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class EntropyRoutingTest {

    /** Two inputs, four members, three classes. */
    private static final float[] LOGITS = {
        0, 0, 0, /**/ 10, 0, 0, /**/ 5, 0, 0, /**/ 0, 20, 0,
        3, 0, 0, /**/ 0, 0, 0, /**/ 0, 0, 0, /**/ 1, 0, 0,
    };

    @Test
    void keepsTheLowestEntropyMembersAndAveragesTheirLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 4, 3));
            NDArray mask = EntropyRouting.lowestEntropyMask(logits, 2);
            // input 0: [0, 20, 0] and [10, 0, 0] are the most confident; input 1: [3, 0, 0] and [1, 0, 0]
            assertThat(mask.toFloatArray()).containsExactly(0, 1, 0, 1, /**/ 1, 0, 0, 1);
            assertThat(EntropyRouting.routedMean(logits, mask, 2).toFloatArray())
                    .containsExactly(5, 10, 0, /**/ 2, 0, 0);
        }
    }

    @Test
    void tiesKeepTheLowerMemberIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 4, 3));
            assertThat(EntropyRouting.lowestEntropyMask(logits, 3).toFloatArray())
                    .containsExactly(0, 1, 1, 1, /**/ 1, 1, 0, 1);
        }
    }

    @Test
    void keepingTheWholePoolIsThePlainEnsemble() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 4, 3));
            NDArray mask = EntropyRouting.lowestEntropyMask(logits, 4);
            assertThat(EntropyRouting.routedMean(logits, mask, 4).sub(logits.mean(new int[] {1})).abs().max()
                    .getFloat()).isZero();
        }
    }

    @Test
    void keptMeanEntropyIsTheEntropyOfTheAveragedProbabilities() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 4, 3));
            NDArray mask = EntropyRouting.lowestEntropyMask(logits, 2);
            float[] h = EntropyRouting.keptMeanEntropy(logits, mask, 2).toFloatArray();
            assertThat(h[0]).isCloseTo((float) meanEntropy(new double[][] {{10, 0, 0}, {0, 20, 0}}), within(1e-5f));
            assertThat(h[1]).isCloseTo((float) meanEntropy(new double[][] {{3, 0, 0}, {1, 0, 0}}), within(1e-5f));
        }
    }

    @Test
    void keptMeanEntropyStaysFiniteForSaturatedSoftmax() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {500, 0, 0, /**/ 0, 0, 900}, new Shape(1, 2, 3));
            NDArray mask = m.create(new float[] {1, 1}, new Shape(1, 2));
            float h = EntropyRouting.keptMeanEntropy(logits, mask, 2).getFloat(0);
            assertThat(h).isCloseTo((float) Math.log(2), within(1e-5f));
        }
    }

    @Test
    void keepCountIsTheFloorOfTheFraction() {
        assertThat(EntropyRouting.keepCount(0.5, 10, "k")).isEqualTo(5);
        assertThat(EntropyRouting.keepCount(0.5, 20, "k")).isEqualTo(10);
        assertThat(EntropyRouting.keepCount(0.39, 10, "k")).isEqualTo(3);
        assertThatThrownBy(() -> EntropyRouting.keepCount(0.05, 10, "method.biovlm.route-fraction"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method.biovlm.route-fraction");
    }

    /** {@code H(mean_m softmax(rows_m))} in double precision. */
    static double meanEntropy(double[][] rows) {
        int c = rows[0].length;
        double[] mean = new double[c];
        for (double[] row : rows) {
            double[] p = softmax(row);
            for (int j = 0; j < c; j++) {
                mean[j] += p[j] / rows.length;
            }
        }
        double h = 0;
        for (double q : mean) {
            h -= q > 0 ? q * Math.log(q) : 0;
        }
        return h;
    }

    static double[] softmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = Math.exp(row[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < row.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
