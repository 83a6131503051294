package dev.bioprompt.methods.fsclip;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Tip-Adapter-F's fine-tuning of the cache keys as a linear adapter {@code W [N, D]} (initialised from the keys), with
 * AdamW as PyTorch defines it and a cosine stepped per iteration without warm-up over {@code epochs * iterations}.
 * One phase trains {@code epochs} epochs on CE of {@code s f T^T + alpha exp(-beta (1 - f W^T)) L} with beta 1; each
 * epoch the training features are a fresh augmented pass of the support set ({@code featuresOfEpoch}), split into
 * batches of {@code batchSize} in a fixed order (one batch when the set fits, as in the reference's batch 256).
 *
 * <p>The released code runs phases for the initial alphas {@code 0..rounds-1} on one shared weight storage, each
 * with a fresh optimiser and schedule, so every phase continues from the previous one and the final weights are those
 * after the last phase ({@code released}); the paper's variant trains every phase from a fresh copy of the keys and
 * keeps the weights of the epoch with the best validation accuracy ({@code paper}).
 *
 * @param learningRate AdamW's rate (0.001)
 * @param epsilon AdamW's epsilon (1e-4)
 * @param weightDecay AdamW's decoupled weight decay (PyTorch's default 0.01)
 * @param epochs epochs per phase (20)
 * @param batchSize the training batch (256)
 * @param scale the zero-shot logit scale
 */
record TipFineTuning(double learningRate, double epsilon, double weightDecay, int epochs, int batchSize,
                     double scale) {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;

    /** AdamW's state for one weight matrix. */
    static final class AdamW {
        private final double[][] m;
        private final double[][] v;
        private int step;

        AdamW(int rows, int cols) {
            m = new double[rows][cols];
            v = new double[rows][cols];
        }

        /** One update of {@code w} in place with gradient {@code g} at rate {@code lr}. */
        void update(double[][] w, double[][] g, double lr, double epsilon, double weightDecay) {
            step++;
            double bias1 = 1 - Math.pow(BETA1, step);
            double bias2 = Math.sqrt(1 - Math.pow(BETA2, step));
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w[i].length; j++) {
                    w[i][j] *= 1 - lr * weightDecay;
                    m[i][j] = BETA1 * m[i][j] + (1 - BETA1) * g[i][j];
                    v[i][j] = BETA2 * v[i][j] + (1 - BETA2) * g[i][j] * g[i][j];
                    double denominator = Math.sqrt(v[i][j]) / bias2 + epsilon;
                    w[i][j] -= lr / bias1 * m[i][j] / denominator;
                }
            }
        }
    }

    /** The rate of iteration {@code n} of a phase of {@code total} iterations: {@code lr (1 + cos(pi n / total)) / 2}. */
    double rateAt(int n, int total) {
        return 0.5 * learningRate * (1 + Math.cos(Math.PI * n / total));
    }

    /**
     * The loss of a batch and its gradient with respect to {@code w}.
     *
     * @param f normalised features {@code [B, D]}
     * @param labels their labels
     * @param zeroShot {@code s f T^T [B, C]}
     * @param w the adapter {@code [N, D]}
     * @param cacheLabels the class of each adapter row
     * @param alpha the residual weight
     * @param beta the sharpness
     * @param gradient receives {@code dL/dW [N, D]}
     * @return the mean cross-entropy
     */
    static double lossAndGradient(double[][] f, int[] labels, double[][] zeroShot, double[][] w, int[] cacheLabels,
                                  double alpha, double beta, double[][] gradient) {
        int batch = f.length;
        double[][] affinity = Dense.timesTransposed(f, w);
        double[][] e = new double[batch][cacheLabels.length];
        double[][] z = new double[batch][];
        for (int b = 0; b < batch; b++) {
            z[b] = zeroShot[b].clone();
            for (int n = 0; n < cacheLabels.length; n++) {
                e[b][n] = Math.exp(-beta * (1 - affinity[b][n]));
                z[b][cacheLabels[n]] += alpha * e[b][n];
            }
        }
        double loss = Dense.crossEntropy(z, labels);
        double[][] p = Dense.softmax(z);
        double[][] dAffinity = new double[batch][cacheLabels.length];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < cacheLabels.length; n++) {
                int c = cacheLabels[n];
                double dz = (p[b][c] - (labels[b] == c ? 1 : 0)) / batch;
                dAffinity[b][n] = alpha * dz * e[b][n] * beta;
            }
        }
        double[][] g = Dense.transposedTimes(dAffinity, f);
        for (int n = 0; n < g.length; n++) {
            System.arraycopy(g[n], 0, gradient[n], 0, g[n].length);
        }
        return loss;
    }

    /**
     * One phase: {@code epochs} epochs from {@code w} (updated in place) with a fresh AdamW and schedule.
     *
     * @param featuresOfEpoch normalised training features of each epoch of this phase
     * @param labels the support labels (row order of the features)
     * @param text normalised class text features {@code [C, D]}
     * @param cacheLabels the class of each adapter row
     * @param alpha the phase's residual weight
     * @param afterEpoch called after every epoch with its index (for the paper variant's selection)
     */
    void phase(double[][] w, IntFunction<double[][]> featuresOfEpoch, int[] labels, double[][] text,
               int[] cacheLabels, double alpha, IntConsumer afterEpoch) {
        int n = labels.length;
        int iterations = (n + batchSize - 1) / batchSize;
        int total = epochs * iterations;
        AdamW optimiser = new AdamW(w.length, w[0].length);
        double[][] gradient = new double[w.length][w[0].length];
        int iteration = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] features = featuresOfEpoch.apply(epoch);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                double[][] f = Arrays.copyOfRange(features, from, to);
                int[] y = Arrays.copyOfRange(labels, from, to);
                double[][] zeroShot = Dense.timesTransposed(f, text);
                for (double[] row : zeroShot) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] *= scale;
                    }
                }
                lossAndGradient(f, y, zeroShot, w, cacheLabels, alpha, 1.0, gradient);
                optimiser.update(w, gradient, rateAt(iteration, total), epsilon, weightDecay);
                iteration++;
            }
            afterEpoch.accept(epoch);
        }
    }
}
