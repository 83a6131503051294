package dev.bioprompt.methods.ogkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.methods.toolkit.DescriptionPruning;
import org.junit.jupiter.api.Test;

/** Graph, target, GAD, top-k selection and LGD against double-precision hand computations. */
class OgkdLossTest {

    private static final double[][] PROTOTYPES = {{1, 0}, {0, 1}, {0.6, 0.8}};
    private static final double ALPHA = 2;

    @Test
    void graphIsTheRowSoftmaxOfScaledPrototypeCosines() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = ClassGraph.build(m.create(flat(PROTOTYPES), new Shape(3, 2)), ALPHA);
            assertThat(w.toFloatArray()).containsExactly(flat(graph()), within(1e-6f));
            assertThat(w.sum(new int[] {1}).toFloatArray()).containsExactly(new float[] {1, 1, 1}, within(1e-6f));
        }
    }

    @Test
    void novelFoldBackAddsTheTwoStepPathsThroughTheNovelClasses() {
        // classes 0 and 1 are base, class 2 is novel: W over all three, then W_bb + 0.1 W_bn W_nb
        double[][] w = graph();
        double[] expected = new double[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                expected[i * 2 + j] = w[i][j] + 0.1 * w[i][2] * w[2][j];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray base = m.create(flat(new double[][] {PROTOTYPES[0], PROTOTYPES[1]}), new Shape(2, 2));
            NDArray novel = m.create(flat(new double[][] {PROTOTYPES[2]}), new Shape(1, 2));
            NDArray folded = ClassGraph.foldBack(base, novel, ALPHA);
            float[] want = new float[4];
            for (int i = 0; i < 4; i++) {
                want[i] = (float) expected[i];
            }
            assertThat(folded.toFloatArray()).containsExactly(want, within(1e-6f));
            NDArray none = ClassGraph.foldBack(base, m.zeros(new Shape(0, 2)), ALPHA);
            assertThat(none.toFloatArray()).containsExactly(ClassGraph.build(base, ALPHA).toFloatArray());
        }
    }

    @Test
    void targetIsMixedInLogSpaceByDefaultAndInProbabilitySpaceOnRequest() {
        double[] teacher = {1, 2, 0};
        double gamma = 0.3;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(flat(graph()), new Shape(3, 3));
            NDArray l = m.create(toFloat(teacher), new Shape(1, 3)).logSoftmax(-1);
            float[] log = new GeometrySmoothing(w, gamma, GeometrySmoothing.Space.LOG).smooth(l).toFloatArray();
            float[] probability = new GeometrySmoothing(w, gamma, GeometrySmoothing.Space.PROBABILITY).smooth(l)
                    .toFloatArray();
            assertThat(log).containsExactly(toFloat(smoothLog(teacher, gamma)), within(1e-5f));
            assertThat(probability).containsExactly(toFloat(smoothProbability(teacher, gamma)), within(1e-5f));
            double mass = 0;
            for (float v : probability) {
                mass += Math.exp(v);
            }
            assertThat(mass).as("probability-space target stays normalised").isCloseTo(1, within(1e-5));
            assertThat(new GeometrySmoothing(w, 0, GeometrySmoothing.Space.LOG).smooth(l).toFloatArray())
                    .containsExactly(l.toFloatArray());
        }
    }

    @Test
    void gadIsTheSmoothedKlOverAllLogits() {
        double[][] student = {{0.5, -1, 2}, {1, 1, 0}};
        double[][] teacher = {{1, 2, 0}, {-1, 0.5, 3}};
        double gamma = 0.4;
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            double[] target = smoothLog(teacher[b], gamma);
            double[] logP = logSoftmax(student[b]);
            for (int c = 0; c < 3; c++) {
                expected += Math.exp(target[c]) * (target[c] - logP[c]);
            }
        }
        expected /= 2 * 3;
        try (NDManager m = NDManager.newBaseManager()) {
            GeometrySmoothing smoothing = new GeometrySmoothing(m.create(flat(graph()), new Shape(3, 3)), gamma,
                    GeometrySmoothing.Space.LOG);
            float gad = OgkdLoss.gad(m.create(flat(student), new Shape(2, 3)), m.create(flat(teacher), new Shape(2, 3)),
                    smoothing).getFloat();
            assertThat(gad).isCloseTo((float) expected, within(1e-6f));
        }
    }

    /** Teacher patch logits {@code [2 images, 4 patches, 3 classes]}; labels 2 and 0. */
    private static final double[][][] TEACHER_PATCHES = {
        {{0, 0, 0.1}, {1, 2, -5}, {0, 1, 3}, {2, 2, 0.2}},
        {{1, 0, 0}, {1, 3, 3}, {-0.5, 0, 1}, {2, -1, 0}},
    };
    private static final double[][][] STUDENT_PATCHES = {
        {{0.3, 0, 1}, {1, -2, 0.5}, {0, 0.7, 2}, {1, 1, 1}},
        {{2, 0, 1}, {0, 0, 0}, {0.5, 1, -1}, {1.5, 0, 0.5}},
    };
    private static final long[] LABELS = {2, 0};

    @Test
    void attentivePatchesAreTheTopKByTheTeachersGroundTruthLogitMagnitude() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = m.create(flat3(TEACHER_PATCHES), new Shape(2, 4, 3));
            // image 0, class 2: |0.1|, |-5|, |3|, |0.2| -> patches 1, 2; image 1, class 0: 1, 1, |-0.5|, 2 -> 3, 0
            assertThat(OgkdLoss.attentivePatches(teacher, LABELS, 2)).containsExactly(1, 2, 4 + 3, 4);
            assertThat(OgkdLoss.attentivePatches(teacher, LABELS, 1)).containsExactly(1, 4 + 3);
        }
    }

    @Test
    void lgdIsTheGroundTruthChannelDistillationOnTheSelectedPatches() {
        double gamma = 0.5;
        int[][] selected = {{0, 1}, {0, 2}, {1, 3}, {1, 0}};
        double expected = 0;
        for (int[] bn : selected) {
            int y = (int) LABELS[bn[0]];
            double tau = smoothLog(TEACHER_PATCHES[bn[0]][bn[1]], gamma)[y];
            double sigma = logSoftmax(STUDENT_PATCHES[bn[0]][bn[1]])[y];
            expected += Math.exp(tau) * (tau - sigma);
        }
        expected /= 2 * 2;
        try (NDManager m = NDManager.newBaseManager()) {
            GeometrySmoothing smoothing = new GeometrySmoothing(m.create(flat(graph()), new Shape(3, 3)), gamma,
                    GeometrySmoothing.Space.LOG);
            float lgd = OgkdLoss.lgd(m, m.create(flat3(STUDENT_PATCHES), new Shape(2, 4, 3)),
                    m.create(flat3(TEACHER_PATCHES), new Shape(2, 4, 3)), m.create(LABELS), 2, smoothing).getFloat();
            assertThat(lgd).isCloseTo((float) expected, within(1e-6f));
        }
    }

    @Test
    void topKRoundsTheConfiguredRatiosOf196Patches() {
        double[] ratios = {0.5, 0.05, 0.3, 0.6, 0.03, 0.01, 0.9, 0.4, 0.8, 0.2, 0.1};
        int[] expected = {98, 10, 59, 118, 6, 2, 176, 78, 157, 39, 20};
        for (int i = 0; i < ratios.length; i++) {
            assertThat(OgkdLoss.topK(196, ratios[i])).as("ratio %s", ratios[i]).isEqualTo(expected[i]);
        }
        assertThat(OgkdLoss.topK(4, 0.01)).isEqualTo(1);
    }

    @Test
    void outlierSelectionKeepsScoresWithinTauStandardDeviations() {
        // mean 2, unbiased std sqrt(10/4) = 1.58: 5 is 1.9 std away
        float[] scores = {1, 2, 2, 0, 5};
        assertThat(DescriptionPruning.keep(scores, 1.5)).containsExactly(true, true, true, true, false);
        assertThat(DescriptionPruning.keep(scores, 2.0)).containsExactly(true, true, true, true, true);
        assertThat(DescriptionPruning.keep(new float[] {3, 3, 3}, 0.1)).containsExactly(true, true, true);
        assertThat(DescriptionPruning.weights(new boolean[] {true, false, true, true}))
                .containsExactly(1f / 3, 0, 1f / 3, 1f / 3);
    }

    private static double[][] graph() {
        double[][] w = new double[3][3];
        for (int i = 0; i < 3; i++) {
            double[] row = new double[3];
            for (int j = 0; j < 3; j++) {
                row[j] = ALPHA * (PROTOTYPES[i][0] * PROTOTYPES[j][0] + PROTOTYPES[i][1] * PROTOTYPES[j][1]);
            }
            double[] logs = logSoftmax(row);
            for (int j = 0; j < 3; j++) {
                w[i][j] = Math.exp(logs[j]);
            }
        }
        return w;
    }

    private static double[] smoothLog(double[] teacher, double gamma) {
        double[] l = logSoftmax(teacher);
        double[][] w = graph();
        double[] out = new double[3];
        for (int j = 0; j < 3; j++) {
            double propagated = 0;
            for (int i = 0; i < 3; i++) {
                propagated += l[i] * w[i][j];
            }
            out[j] = (1 - gamma) * l[j] + gamma * propagated;
        }
        return out;
    }

    private static double[] smoothProbability(double[] teacher, double gamma) {
        double[] l = logSoftmax(teacher);
        double[][] w = graph();
        double[] out = new double[3];
        for (int j = 0; j < 3; j++) {
            double propagated = 0;
            for (int i = 0; i < 3; i++) {
                propagated += Math.exp(l[i]) * w[i][j];
            }
            out[j] = Math.log((1 - gamma) * Math.exp(l[j]) + gamma * propagated);
        }
        return out;
    }

    private static double[] logSoftmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : row) {
            sum += Math.exp(v - max);
        }
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i] - max - Math.log(sum);
        }
        return out;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static float[] flat(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                out[i * rows[i].length + j] = (float) rows[i][j];
            }
        }
        return out;
    }

    private static float[] flat3(double[][][] values) {
        int n = values[0].length * values[0][0].length;
        float[] out = new float[values.length * n];
        for (int b = 0; b < values.length; b++) {
            System.arraycopy(flat(values[b]), 0, out, b * n, n);
        }
        return out;
    }
}
