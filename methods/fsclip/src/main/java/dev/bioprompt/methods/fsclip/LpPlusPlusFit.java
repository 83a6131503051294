package dev.bioprompt.methods.fsclip;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/**
 * LP++'s fit on normalised frozen features: logits {@code z = F W^T + b + (F T^T) * alpha} (alpha per class,
 * broadcast over rows), mean cross-entropy, full-batch gradient descent with data-derived step sizes.
 *
 * <ul>
 *   <li>{@code W0[c]} is the sum of the class's features, computed in half precision as the reference does;
 *       {@code b0 ~ U(+-1/sqrt(D))} from the seed; every {@code alpha_c = 250 * mean_c(mean_{n in c} f_n . t_c)}.</li>
 *   <li>{@code lr_W = 4 N / lambda_max(F^T F)}; {@code lr_alpha = N / (4 max_c sum_n (f_n . t_c)^2)}.</li>
 *   <li>Each epoch: W and b take a torch SGD step with momentum 0.9 at {@code lr_W}; alpha's gradient is added to
 *       an accumulator that is never reset (the reference never zeroes alpha's gradient; {@code resetAlphaGradient}
 *       resets it after every alpha step instead), and every {@code alphaEvery} epochs
 *       {@code alpha -= lr_alpha * accumulator}.</li>
 *   <li>After each epoch the validation accuracy is measured; the parameters of the last epoch that reaches the best
 *       accuracy so far ({@code >=}) are the result.</li>
 * </ul>
 *
 * @param epochs the epochs (300)
 * @param alphaEvery epochs between alpha steps (10)
 * @param alphaInitFactor the factor of the initial alpha (250)
 * @param resetAlphaGradient false: the reference's cumulative alpha gradient; true: reset after each alpha step
 */
record LpPlusPlusFit(int epochs, int alphaEvery, double alphaInitFactor, boolean resetAlphaGradient) {

    /** The reference's SGD momentum of W and b. */
    static final double MOMENTUM = 0.9;

    /**
     * The fitted parameters and what the fit derived.
     *
     * @param weights W {@code [C, D]}
     * @param bias b {@code [C]}
     * @param alpha per class {@code [C]}
     * @param bestEpoch the 0-based epoch whose parameters were kept
     * @param validationAccuracy its validation accuracy in percent
     * @param learningRateW lr_W
     * @param learningRateAlpha lr_alpha
     * @param initialAlpha alpha-bar_0
     */
    record Result(double[][] weights, double[] bias, double[] alpha, int bestEpoch, double validationAccuracy,
                  double learningRateW, double learningRateAlpha, double initialAlpha) {
    }

    LpPlusPlusFit {
        if (epochs <= 0 || alphaEvery <= 0 || !(alphaInitFactor > 0)) {
            throw new IllegalArgumentException("invalid LP++ settings: epochs=" + epochs + " alphaEvery=" + alphaEvery
                    + " alphaInitFactor=" + alphaInitFactor);
        }
    }

    /** {@code W0}: per class the sum of its features, inputs and result rounded to half precision. */
    static double[][] centroidSums(double[][] f, int[] labels, int classes) {
        double[][] sums = new double[classes][f[0].length];
        for (int n = 0; n < f.length; n++) {
            for (int j = 0; j < f[n].length; j++) {
                sums[labels[n]][j] += HalfPrecision.round(f[n][j]);
            }
        }
        for (double[] row : sums) {
            for (int j = 0; j < row.length; j++) {
                row[j] = HalfPrecision.round(row[j]);
            }
        }
        return sums;
    }

    /** {@code factor * mean over classes of (mean over the class's rows of f_n . t_c)}. */
    static double initialAlpha(double[][] ft, int[] labels, int classes, double factor) {
        double[] sums = new double[classes];
        int[] counts = new int[classes];
        for (int n = 0; n < ft.length; n++) {
            sums[labels[n]] += ft[n][labels[n]];
            counts[labels[n]]++;
        }
        double mean = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (counts[c] > 0) {
                mean += sums[c] / counts[c];
                present++;
            }
        }
        return factor * mean / present;
    }

    /** {@code 4 N / lambda_max(F^T F)}. */
    static double learningRateW(double[][] f) {
        return 4.0 * f.length / largestEigenvalue(Dense.timesTransposed(f, f));
    }

    /** {@code N / (4 max_c sum_n (f_n . t_c)^2)}. */
    static double learningRateAlpha(double[][] ft) {
        double max = 0;
        for (int c = 0; c < ft[0].length; c++) {
            double s = 0;
            for (double[] row : ft) {
                s += row[c] * row[c];
            }
            max = Math.max(max, s);
        }
        return ft.length / (4 * max);
    }

    /**
     * The largest eigenvalue of a symmetric positive semi-definite matrix by power iteration (the Gram matrix
     * {@code F F^T} has the same non-zero eigenvalues as {@code F^T F}).
     */
    static double largestEigenvalue(double[][] g) {
        int n = g.length;
        double[] v = new double[n];
        Arrays.fill(v, 1 / Math.sqrt(n));
        double lambda = 0;
        for (int iteration = 0; iteration < 100_000; iteration++) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = Dense.dot(g[i], v);
            }
            double norm = Math.sqrt(Dense.dot(w, w));
            if (norm == 0) {
                return 0;
            }
            double next = Dense.dot(v, w);
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / norm;
            }
            if (Math.abs(next - lambda) <= 1e-15 * Math.abs(next)) {
                return next;
            }
            lambda = next;
        }
        return lambda;
    }

    /**
     * Fits.
     *
     * @param f normalised support features {@code [N, D]}
     * @param labels support labels
     * @param text normalised class text features {@code [C, D]}
     * @param validation normalised validation features
     * @param validationLabels their labels
     * @param seed seeds the bias initialisation
     */
    Result fit(double[][] f, int[] labels, double[][] text, double[][] validation, int[] validationLabels, long seed) {
        return fit(f, labels, text, validation, validationLabels, seed, epochResult -> { });
    }

    /** {@link #fit} that also reports the parameters after every epoch (for tests and traces). */
    Result fit(double[][] f, int[] labels, double[][] text, double[][] validation, int[] validationLabels, long seed,
               Consumer<Result> everyEpoch) {
        int n = f.length;
        int classes = text.length;
        int d = f[0].length;
        double[][] ft = Dense.timesTransposed(f, text);
        double[][] vt = Dense.timesTransposed(validation, text);
        double[][] w = centroidSums(f, labels, classes);
        double[] b = new double[classes];
        Random random = new Random(seed);
        double bound = 1 / Math.sqrt(d);
        for (int c = 0; c < classes; c++) {
            b[c] = (2 * random.nextDouble() - 1) * bound;
        }
        double alpha0 = initialAlpha(ft, labels, classes, alphaInitFactor);
        double[] alpha = new double[classes];
        Arrays.fill(alpha, alpha0);
        double lrW = learningRateW(f);
        double lrAlpha = learningRateAlpha(ft);
        double[][] y = Dense.oneHot(labels, classes);
        double[][] bufW = null;
        double[] bufB = null;
        double[] alphaGradient = new double[classes];
        double best = Double.NEGATIVE_INFINITY;
        Result kept = null;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] z = logits(f, ft, w, b, alpha);
            double[][] p = Dense.softmax(z);
            double[][] dz = new double[n][classes];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    dz[i][c] = (p[i][c] - y[i][c]) / n;
                }
            }
            double[][] gW = Dense.transposedTimes(dz, f);
            double[] gB = new double[classes];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    gB[c] += dz[i][c];
                    alphaGradient[c] += dz[i][c] * ft[i][c];
                }
            }
            if (bufW == null) {
                bufW = Dense.copy(gW);
                bufB = gB.clone();
            } else {
                for (int c = 0; c < classes; c++) {
                    for (int j = 0; j < d; j++) {
                        bufW[c][j] = MOMENTUM * bufW[c][j] + gW[c][j];
                    }
                    bufB[c] = MOMENTUM * bufB[c] + gB[c];
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    w[c][j] -= lrW * bufW[c][j];
                }
                b[c] -= lrW * bufB[c];
            }
            if ((epoch + 1) % alphaEvery == 0) {
                for (int c = 0; c < classes; c++) {
                    alpha[c] -= lrAlpha * alphaGradient[c];
                }
                if (resetAlphaGradient) {
                    Arrays.fill(alphaGradient, 0);
                }
            }
            double accuracy = Dense.accuracy(logits(validation, vt, w, b, alpha), validationLabels);
            Result current = new Result(Dense.copy(w), b.clone(), alpha.clone(), epoch, accuracy, lrW, lrAlpha,
                    alpha0);
            everyEpoch.accept(current);
            if (accuracy >= best) {
                best = accuracy;
                kept = current;
            }
        }
        return kept;
    }

    /** {@code F W^T + b + (F T^T) * alpha}. */
    static double[][] logits(double[][] f, double[][] ft, double[][] w, double[] b, double[] alpha) {
        double[][] z = Dense.timesTransposed(f, w);
        for (int i = 0; i < z.length; i++) {
            for (int c = 0; c < z[i].length; c++) {
                z[i][c] += b[c] + ft[i][c] * alpha[c];
            }
        }
        return z;
    }
}
