package dev.bioprompt.methods.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DescriptionPruningTest {

    @Test
    void keepsScoresWithinTauUnbiasedStandardDeviations() {
        // mean 4, unbiased std sqrt(50 / 3) = 4.08: only 10 is further than one std from the mean
        assertThat(DescriptionPruning.keep(new float[] {1, 2, 3, 10}, 1.0)).containsExactly(true, true, true, false);
        assertThat(DescriptionPruning.keep(new float[] {1, 2, 3, 10}, 1.5)).containsExactly(true, true, true, true);
    }

    @Test
    void keepsEverythingWhenTheScoresHaveNoSpreadOrNothingPasses() {
        assertThat(DescriptionPruning.keep(new float[] {2, 2, 2}, 1.5)).containsExactly(true, true, true);
        assertThat(DescriptionPruning.keep(new float[] {0, 10}, 0.1)).containsExactly(true, true);
    }

    @Test
    void equalsTheReferenceMedianMadFormulation() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            float[] scores = new float[50];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) (30 + 3 * random.nextGaussian());
            }
            double tau = 1 + random.nextDouble();
            assertThat(DescriptionPruning.keep(scores, tau)).as("trial %d", trial).containsExactly(reference(scores, tau));
        }
    }

    /** The reference code, literally: z = (s - median) / MAD, keep |(z - mean z) / std z| <= tau. */
    private static boolean[] reference(float[] scores, double tau) {
        double median = lowerMedian(scores);
        float[] deviations = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            deviations[i] = (float) Math.abs(scores[i] - median);
        }
        double mad = lowerMedian(deviations);
        double[] z = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            z[i] = (scores[i] - median) / mad;
        }
        double mean = Arrays.stream(z).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / (z.length - 1));
        boolean[] keep = new boolean[z.length];
        for (int i = 0; i < z.length; i++) {
            keep[i] = Math.abs((z[i] - mean) / std) <= tau;
        }
        return keep;
    }

    private static double lowerMedian(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    @Test
    void scoreIsTheBatchMeanOfTheBestClassSimilarityPerDescriptionIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            // classes 2, descriptions 2, features [C, N, D]: c0 = {(1,0), (0,1)}, c1 = {(0.6,0.8), (0.8,0.6)}
            NDArray features = m.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f, 0.8f, 0.6f}, new Shape(2, 2, 2));
            NDArray transposed = features.reshape(4, 2).transpose();
            float[] scores = DescriptionPruning.scores(images, transposed, 2, 10f);
            // index 0: image (1,0) best 1.0 (c0), image (0,1) best 0.8 (c1) -> 10 * 0.9
            // index 1: image (1,0) best 0.8 (c1), image (0,1) best 1.0 (c0) -> 10 * 0.9
            assertThat(scores).containsExactly(new float[] {9f, 9f}, within(1e-5f));
        }
    }

    @Test
    void weightsAverageTheKeptIndices() {
        assertThat(DescriptionPruning.weights(new boolean[] {true, false, true, true}))
                .containsExactly(new float[] {1 / 3f, 0, 1 / 3f, 1 / 3f}, within(1e-7f));
    }
}
