package dev.bioprompt.methods.fsclip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LP++'s fitted quantities against hand computations on small inputs. */
class LpPlusPlusFitTest {

    @Test
    void halfPrecisionRoundsAsTorchHalf() {
        assertThat(HalfPrecision.round(0.1)).isEqualTo(0.0999755859375);
        assertThat(HalfPrecision.round(0.3)).isEqualTo(0.300048828125);
        assertThat(HalfPrecision.round(65504)).isEqualTo(65504);
        assertThat(HalfPrecision.round(70000)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HalfPrecision.round(1 + Math.scalb(1.0, -11))).as("tie to even").isEqualTo(1.0);
        assertThat(HalfPrecision.round(1 + 3 * Math.scalb(1.0, -11))).as("tie to even").isEqualTo(1.001953125);
        assertThat(HalfPrecision.round(-2.5e-8)).as("below half the smallest subnormal").isEqualTo(-0.0);
        assertThat(HalfPrecision.round(6e-8)).as("the smallest subnormal").isEqualTo(Math.scalb(1.0, -24));
    }

    @Test
    void centroidSumsAreHalfPrecisionClassSums() {
        double[][] f = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}};
        double[][] w0 = LpPlusPlusFit.centroidSums(f, new int[] {0, 0, 1}, 2);
        // half(0.1) + half(0.3) = 0.0999755859375 + 0.300048828125 = 0.4000244140625, a tie between two half
        // values (ulp 2^-12) that rounds to the even one, 0.39990234375
        assertThat(w0[0][0]).isEqualTo(0.39990234375);
        // half(0.2) + half(0.4) = 0.199951171875 + 0.39990234375 = 0.599853515625 -> half: 0.599609375 (ulp 2^-11)
        assertThat(w0[0][1]).isEqualTo(0.599609375);
        assertThat(w0[1]).containsExactly(0.5, HalfPrecision.round(0.6));
    }

    @Test
    void initialAlphaAndStepSizesFromTheData() {
        double[][] ft = {{0.5, 0.1}, {0.3, 0.2}, {0.4, 0.9}};
        // class 0: mean(0.5, 0.3) = 0.4; class 1: 0.9; 250 * mean(0.4, 0.9) = 162.5
        assertThat(LpPlusPlusFit.initialAlpha(ft, new int[] {0, 0, 1}, 2, 250)).isCloseTo(162.5, within(1e-12));
        // column sums of squares 0.5 and 0.86: N / (4 * 0.86)
        assertThat(LpPlusPlusFit.learningRateAlpha(ft)).isCloseTo(3 / 3.44, within(1e-12));
        // F = [[1, 1], [1, 0]]: F^T F = [[2, 1], [1, 1]], lambda_max = (3 + sqrt 5) / 2
        double lambda = (3 + Math.sqrt(5)) / 2;
        assertThat(LpPlusPlusFit.learningRateW(new double[][] {{1, 1}, {1, 0}})).isCloseTo(8 / lambda, within(1e-12));
        assertThat(LpPlusPlusFit.largestEigenvalue(new double[][] {{2, 1}, {1, 1}})).isCloseTo(lambda,
                within(1e-12));
    }

    private static final double[][] F = Dense.normalizeRows(new double[][] {
        {1, 0.2, 0.1}, {0.9, 0.1, 0.3}, {0.1, 1, 0.2}, {0.2, 0.8, 0.1}, {0.3, 0.1, 1}, {0.1, 0.4, 0.9}});
    private static final int[] Y = {0, 0, 1, 1, 2, 2};
    private static final double[][] T = Dense.normalizeRows(new double[][] {{1, 0.3, 0.3}, {0.3, 1, 0.3}, {0.3, 0.3, 1}});

    @Test
    void firstEpochIsOneGradientStepOnWBAndAlpha() {
        LpPlusPlusFit fit = new LpPlusPlusFit(1, 1, 250, false);
        List<LpPlusPlusFit.Result> trace = new ArrayList<>();
        fit.fit(F, Y, T, F, Y, 7, trace::add);
        // the starting point, by the definitions
        double[][] w0 = LpPlusPlusFit.centroidSums(F, Y, 3);
        double[] b0 = new double[3];
        Random random = new Random(7);
        for (int c = 0; c < 3; c++) {
            b0[c] = (2 * random.nextDouble() - 1) / Math.sqrt(3);
        }
        double[][] ft = Dense.timesTransposed(F, T);
        double a0 = LpPlusPlusFit.initialAlpha(ft, Y, 3, 250);
        double[] alpha0 = {a0, a0, a0};
        double lrW = LpPlusPlusFit.learningRateW(F);
        double lrA = LpPlusPlusFit.learningRateAlpha(ft);
        LpPlusPlusFit.Result first = trace.get(0);
        // each parameter moved by -lr * (finite-difference gradient of the mean cross-entropy)
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 3; j++) {
                double[][] plus = Dense.copy(w0);
                double[][] minus = Dense.copy(w0);
                plus[c][j] += 1e-6;
                minus[c][j] -= 1e-6;
                double g = (ce(plus, b0, alpha0, ft) - ce(minus, b0, alpha0, ft)) / 2e-6;
                assertThat(first.weights()[c][j]).as("W[%d][%d]", c, j).isCloseTo(w0[c][j] - lrW * g, within(1e-7));
            }
            double[] bPlus = b0.clone();
            double[] bMinus = b0.clone();
            bPlus[c] += 1e-6;
            bMinus[c] -= 1e-6;
            double gb = (ce(w0, bPlus, alpha0, ft) - ce(w0, bMinus, alpha0, ft)) / 2e-6;
            assertThat(first.bias()[c]).as("b[%d]", c).isCloseTo(b0[c] - lrW * gb, within(1e-7));
            double[] aPlus = alpha0.clone();
            double[] aMinus = alpha0.clone();
            aPlus[c] += 1e-6;
            aMinus[c] -= 1e-6;
            double ga = (ce(w0, b0, aPlus, ft) - ce(w0, b0, aMinus, ft)) / 2e-6;
            assertThat(first.alpha()[c]).as("alpha[%d]", c).isCloseTo(a0 - lrA * ga, within(1e-6));
        }
    }

    @Test
    void alphaGradientAccumulatesUnlessReset() {
        List<LpPlusPlusFit.Result> cumulative = new ArrayList<>();
        List<LpPlusPlusFit.Result> reset = new ArrayList<>();
        new LpPlusPlusFit(2, 1, 250, false).fit(F, Y, T, F, Y, 7, cumulative::add);
        new LpPlusPlusFit(2, 1, 250, true).fit(F, Y, T, F, Y, 7, reset::add);
        double lrA = LpPlusPlusFit.learningRateAlpha(Dense.timesTransposed(F, T));
        double[] a0 = {cumulative.get(0).initialAlpha(), cumulative.get(0).initialAlpha(),
            cumulative.get(0).initialAlpha()};
        for (int c = 0; c < 3; c++) {
            // the first alpha step is the same; the cumulative second step adds the first gradient again
            assertThat(cumulative.get(0).alpha()[c]).isEqualTo(reset.get(0).alpha()[c]);
            double g0 = (a0[c] - cumulative.get(0).alpha()[c]) / lrA;
            assertThat(cumulative.get(1).alpha()[c] - reset.get(1).alpha()[c]).as("class %d", c)
                    .isCloseTo(-lrA * g0, within(1e-9));
        }
    }

    @Test
    void alphaMovesOnlyEveryTenEpochsAndTheBestValidationEpochIsKept() {
        List<LpPlusPlusFit.Result> trace = new ArrayList<>();
        // a small initial alpha keeps the softmax away from saturation, so that every gradient is non-zero
        LpPlusPlusFit.Result kept = new LpPlusPlusFit(30, 10, 2, false).fit(F, Y, T, F, Y, 3, trace::add);
        double a0 = trace.get(0).initialAlpha();
        for (int e = 0; e < 9; e++) {
            assertThat(trace.get(e).alpha()).containsOnly(a0);
        }
        assertThat(trace.get(9).alpha()[0]).isNotEqualTo(a0);
        assertThat(trace.get(10).alpha()).containsExactly(trace.get(18).alpha());
        double best = trace.stream().mapToDouble(LpPlusPlusFit.Result::validationAccuracy).max().orElseThrow();
        int last = -1;
        for (LpPlusPlusFit.Result r : trace) {
            if (r.validationAccuracy() == best) {
                last = r.bestEpoch();
            }
        }
        assertThat(kept.bestEpoch()).as("ties go to the later epoch").isEqualTo(last);
        assertThat(kept.validationAccuracy()).isEqualTo(100.0);
    }

    private static double ce(double[][] w, double[] b, double[] alpha, double[][] ft) {
        return Dense.crossEntropy(LpPlusPlusFit.logits(F, ft, w, b, alpha), Y);
    }
}
