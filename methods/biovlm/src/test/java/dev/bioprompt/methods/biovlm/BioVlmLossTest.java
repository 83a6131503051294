package dev.bioprompt.methods.biovlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.method.LossResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loss terms against a double-precision hand computation on small tensors. */
class BioVlmLossTest {

    private static final int B = 2;
    private static final int M = 4;
    private static final int C = 3;
    private static final int D = 2;
    private static final long[] LABELS = {2, 0};
    private static final BioVlmLoss.Weights WEIGHTS = new BioVlmLoss.Weights(1, 1, 0.5, 0.5);

    private final float[] bank = values(B * M * C, 1, 4f);
    private final float[] attributes = values(B * M * C, 2, 4f);
    private final float[] augmented = values(B * 2 * M * C, 3, 4f);
    private final float[] bankText = normalizedRows(values(M * C * D, 4, 1f));
    private final float[] attributeText = normalizedRows(values(M * C * D, 5, 1f));

    @Test
    void everyTermMatchesTheHandComputation() {
        for (boolean overFeatures : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                LossResult result = loss(overFeatures, true).compute(m.create(bank, new Shape(B, M, C)),
                        m.create(attributes, new Shape(B, M, C)), m.create(augmented, new Shape(B, 2 * M, C)),
                        m.create(bankText, new Shape(M, C, D)), m.create(attributeText, new Shape(M, C, D)),
                        m.create(LABELS));

                double[][] routed = new double[B][];
                double ce = 0;
                double kd = 0;
                double kdAug = 0;
                double entropy = 0;
                double attributeEntropy = 0;
                double augmentedEntropy = 0;
                for (int b = 0; b < B; b++) {
                    double[][] z = rows(bank, b, M);
                    double[][] y = rows(attributes, b, M);
                    double[][] ya = rows(augmented, b, 2 * M);
                    List<double[]> zKept = lowestEntropy(z, 2);
                    List<double[]> yKept = lowestEntropy(y, 2);
                    List<double[]> yaKept = lowestEntropy(ya, 4);
                    routed[b] = mean(zKept);
                    double[] logP = logSoftmax(routed[b]);
                    ce -= logP[(int) LABELS[b]] / B;
                    kd += kl(mean(yKept), logP);
                    kdAug += kl(mean(yaKept), logP);
                    entropy += EntropyRoutingTest.meanEntropy(zKept.toArray(double[][]::new)) / B;
                    attributeEntropy += EntropyRoutingTest.meanEntropy(yKept.toArray(double[][]::new)) / B;
                    augmentedEntropy += EntropyRoutingTest.meanEntropy(yaKept.toArray(double[][]::new)) / B;
                }
                double count = B * M * C;
                assertThat(result.logits().toFloatArray()).containsExactly(flatten(routed), within(1e-5f));
                assertTerm(result, "ce", ce);
                assertTerm(result, "kd", kd / count);
                assertTerm(result, "kd-aug", kdAug / count);
                assertTerm(result, "entropy", 0.5 * entropy);
                assertTerm(result, "attribute-entropy", 0.5 * attributeEntropy);
                assertTerm(result, "augmented-entropy", 0.5 * augmentedEntropy);
                double cos = 0.5 * (1 - (overFeatures ? featureCosine() : classCosine()));
                assertTerm(result, "cos", cos);
                double total = ce + (kd + kdAug) / count
                        + 0.5 * (entropy + attributeEntropy + augmentedEntropy) + cos;
                assertThat(result.total().getFloat()).isCloseTo((float) total, within(1e-5f));
            }
        }
    }

    @Test
    void theStudentEntropyCarriesAGradientOnlyWhenFixed() {
        float[] released = totalGradient(false, 0.5);
        float[] withoutEntropy = totalGradient(true, 0);
        float[] fixed = totalGradient(true, 0.5);
        assertThat(released).containsExactly(withoutEntropy, within(1e-6f));
        double difference = 0;
        for (int i = 0; i < fixed.length; i++) {
            difference += Math.abs(fixed[i] - withoutEntropy[i]);
        }
        assertThat(difference).isGreaterThan(1e-4);
    }

    private float[] totalGradient(boolean fixed, double entropyWeight) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(bank, new Shape(B, M, C));
            logits.setRequiresGradient(true);
            BioVlmLoss loss = new BioVlmLoss(new BioVlmLoss.Weights(1, 1, entropyWeight, 0.5), 2, 4, fixed, true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossResult result = loss.compute(logits, m.create(attributes, new Shape(B, M, C)),
                        m.create(augmented, new Shape(B, 2 * M, C)), m.create(bankText, new Shape(M, C, D)),
                        m.create(attributeText, new Shape(M, C, D)), m.create(LABELS));
                collector.backward(result.total());
            }
            return logits.getGradient().toFloatArray();
        }
    }

    private static BioVlmLoss loss(boolean overFeatures, boolean entropyGradient) {
        return new BioVlmLoss(WEIGHTS, 2, 4, entropyGradient, overFeatures);
    }

    private static void assertTerm(LossResult result, String name, double expected) {
        assertThat(result.terms().get(name).toType(DataType.FLOAT32, false).getFloat()).as(name)
                .isCloseTo((float) expected, within(1e-5f));
    }

    /** {@code mean_{m,c} cos(t_mc, a_mc)}. */
    private double featureCosine() {
        double sum = 0;
        for (int mc = 0; mc < M * C; mc++) {
            double dot = 0;
            double nt = 0;
            double na = 0;
            for (int d = 0; d < D; d++) {
                double t = bankText[mc * D + d];
                double a = attributeText[mc * D + d];
                dot += t * a;
                nt += t * t;
                na += a * a;
            }
            sum += dot / Math.sqrt(nt * na);
        }
        return sum / (M * C);
    }

    /** {@code mean_{m,d} cos(t_{m,:,d}, a_{m,:,d})}: the cosine over the class axis. */
    private double classCosine() {
        double sum = 0;
        for (int m = 0; m < M; m++) {
            for (int d = 0; d < D; d++) {
                double dot = 0;
                double nt = 0;
                double na = 0;
                for (int c = 0; c < C; c++) {
                    int i = (m * C + c) * D + d;
                    dot += bankText[i] * attributeText[i];
                    nt += bankText[i] * bankText[i];
                    na += attributeText[i] * attributeText[i];
                }
                sum += dot / Math.sqrt(nt * na);
            }
        }
        return sum / (M * D);
    }

    private static double kl(double[] teacherLogits, double[] studentLogProbabilities) {
        double[] logQ = logSoftmax(teacherLogits);
        double sum = 0;
        for (int c = 0; c < logQ.length; c++) {
            sum += Math.exp(logQ[c]) * (logQ[c] - studentLogProbabilities[c]);
        }
        return sum;
    }

    private static List<double[]> lowestEntropy(double[][] rows, int keep) {
        List<double[]> sorted = new ArrayList<>(List.of(rows));
        sorted.sort(Comparator.comparingDouble(BioVlmLossTest::entropy));
        return sorted.subList(0, keep);
    }

    private static double entropy(double[] row) {
        double h = 0;
        for (double p : EntropyRoutingTest.softmax(row)) {
            h -= p * Math.log(p);
        }
        return h;
    }

    private static double[] mean(List<double[]> rows) {
        double[] out = new double[rows.get(0).length];
        for (double[] row : rows) {
            for (int i = 0; i < out.length; i++) {
                out[i] += row[i] / rows.size();
            }
        }
        return out;
    }

    private static double[] logSoftmax(double[] row) {
        double[] p = EntropyRoutingTest.softmax(row);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(p[i]);
        }
        return out;
    }

    private static double[][] rows(float[] values, int b, int members) {
        double[][] out = new double[members][C];
        for (int m = 0; m < members; m++) {
            for (int c = 0; c < C; c++) {
                out[m][c] = values[(b * members + m) * C + c];
            }
        }
        return out;
    }

    private static float[] flatten(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                out[i * rows[i].length + j] = (float) rows[i][j];
            }
        }
        return out;
    }

    private static float[] values(int n, long seed, float scale) {
        Random random = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextGaussian() * scale);
        }
        return out;
    }

    private static float[] normalizedRows(float[] values) {
        for (int i = 0; i < values.length; i += D) {
            double norm = 0;
            for (int d = 0; d < D; d++) {
                norm += values[i + d] * values[i + d];
            }
            for (int d = 0; d < D; d++) {
                values[i + d] = (float) (values[i + d] / Math.sqrt(norm));
            }
        }
        return values;
    }
}
