package dev.bioprompt.methods.fsclip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tip-Adapter's cache logits, grid search and fine-tuning against hand computations. */
class TipAdapterTest {

    @Test
    void cacheLogitsAreExponentialAffinitiesSummedPerClass() {
        double[][] affinity = {{1, 0.5, 0.75}};
        double[][] cache = TipCache.cacheLogits(affinity, new int[] {0, 1, 0}, 2, 2.0);
        // class 0: exp(-2 * 0) + exp(-2 * 0.25); class 1: exp(-2 * 0.5)
        assertThat(cache[0][0]).isCloseTo(1 + Math.exp(-0.5), within(1e-15));
        assertThat(cache[0][1]).isCloseTo(Math.exp(-1), within(1e-15));
        double[][] z = TipCache.combine(new double[][] {{0.2, 0.4}}, cache, 3);
        assertThat(z[0][1]).isCloseTo(0.4 + 3 * Math.exp(-1), within(1e-15));
    }

    @Test
    void gridIsTheReferenceGrid() {
        double[] grid = TipCache.grid(50, 200);
        assertThat(grid).hasSize(200);
        assertThat(grid[0]).isEqualTo(0.1);
        assertThat(grid[1]).isCloseTo(0.3495, within(1e-12));
        assertThat(grid[199]).isCloseTo(49.7505, within(1e-12));
    }

    @Test
    void searchKeepsTheFirstStrictMaximumAndStartsFromZero() {
        double[][] zeroShot = {{1, 0}, {1, 0}};
        double[][] affinity = {{1, 0}, {0, 1}};
        int[] cacheLabels = {0, 1};
        // the second image (class 1) is won once alpha * (1 - exp(-beta)) > 1
        TipCache.Choice choice = TipCache.search(zeroShot, affinity, cacheLabels, new int[] {0, 1},
                new double[] {0.5, 1, 2}, new double[] {1, 2, 3, 4});
        // beta 0.5: 1 - e^-0.5 = 0.393, needs alpha > 2.54 -> alpha 3 (first, beta outer loop)
        assertThat(choice.beta()).isEqualTo(0.5);
        assertThat(choice.alpha()).isEqualTo(3);
        assertThat(choice.accuracy()).isEqualTo(100.0);
        TipCache.Choice none = TipCache.search(zeroShot, affinity, cacheLabels, new int[] {1, 1},
                new double[] {0.5}, new double[] {0.1});
        assertThat(none.beta()).as("no accuracy above 0 keeps (0, 0)").isZero();
        assertThat(none.alpha()).isZero();
    }

    @Test
    void fineTuningGradientMatchesFiniteDifferences() {
        double[][] f = Dense.normalizeRows(new double[][] {{1, 0.2}, {0.1, 1}, {0.6, 0.5}});
        int[] labels = {0, 1, 1};
        double[][] zeroShot = {{0.3, 0.1}, {0.0, 0.2}, {0.1, 0.1}};
        double[][] w = Dense.normalizeRows(new double[][] {{1, 0.1}, {0.2, 1}});
        int[] cacheLabels = {0, 1};
        double[][] gradient = new double[2][2];
        TipFineTuning.lossAndGradient(f, labels, zeroShot, w, cacheLabels, 2.5, 1.5, gradient);
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 2; j++) {
                double[][] plus = Dense.copy(w);
                double[][] minus = Dense.copy(w);
                plus[n][j] += 1e-6;
                minus[n][j] -= 1e-6;
                double numeric = (TipFineTuning.lossAndGradient(f, labels, zeroShot, plus, cacheLabels, 2.5, 1.5,
                        new double[2][2]) - TipFineTuning.lossAndGradient(f, labels, zeroShot, minus, cacheLabels,
                        2.5, 1.5, new double[2][2])) / 2e-6;
                assertThat(gradient[n][j]).as("dW[%d][%d]", n, j).isCloseTo(numeric, within(1e-8));
            }
        }
    }

    @Test
    void adamWStepIsTorchs() {
        double[][] w = {{1}};
        new TipFineTuning.AdamW(1, 1).update(w, new double[][] {{0.5}}, 0.1, 1e-4, 0.01);
        // decay: 1 * (1 - 0.1 * 0.01) = 0.999; m-hat = 0.5, sqrt(v-hat) = 0.5; step 0.1 * 0.5 / (0.5 + 1e-4)
        assertThat(w[0][0]).isCloseTo(0.999 - 0.1 * 0.5 / 0.5001, within(1e-12));
    }

    @Test
    void cosinePerIterationWithoutWarmup() {
        TipFineTuning t = new TipFineTuning(0.001, 1e-4, 0.01, 20, 256, 85.2323);
        assertThat(t.rateAt(0, 20)).isEqualTo(0.001);
        assertThat(t.rateAt(10, 20)).isCloseTo(0.0005, within(1e-15));
        assertThat(t.rateAt(19, 20)).isCloseTo(0.0005 * (1 + Math.cos(Math.PI * 19 / 20)), within(1e-15));
    }

    @Test
    void aRoundWithAlphaZeroOnlyDecaysTheWeights() {
        TipFineTuning t = new TipFineTuning(0.001, 1e-4, 0.01, 20, 256, 85.2323);
        double[][] f = Dense.normalizeRows(new double[][] {{1, 0.2}, {0.1, 1}});
        double[][] w = Dense.copy(f);
        t.phase(w, epoch -> f, new int[] {0, 1}, Dense.normalizeRows(new double[][] {{1, 0}, {0, 1}}),
                new int[] {0, 1}, 0, epoch -> { });
        double factor = 1;
        for (int n = 0; n < 20; n++) {
            factor *= 1 - t.rateAt(n, 20) * 0.01;
        }
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 2; j++) {
                assertThat(w[n][j]).isCloseTo(f[n][j] * factor, within(1e-15));
            }
        }
    }
}
