package dev.bioprompt.methods.fsclip;

import java.util.Arrays;

/**
 * L2-regularised logistic regression as scikit-learn's {@code LogisticRegression(solver="lbfgs", penalty="l2", C=c)}
 * fits it: the objective {@code mean_n CE_n + ||W||^2 / (2 C N)} with an unpenalised intercept, minimised by
 * {@link Lbfgs} from zero with scikit-learn's stopping rule ({@code tol}, {@code max_iter}). More than two classes
 * use the multinomial (softmax) model; two classes use the binary model with one weight vector, whose logit is
 * the score of the second class against 0 for the first.
 *
 * @param weights per class {@code [K, D]} (the binary model: row 0 is zero)
 * @param bias per class {@code [K]}
 * @param iterations L-BFGS iterations used
 */
record LogisticRegression(double[][] weights, double[] bias, int iterations) {

    /**
     * Fits.
     *
     * @param x features {@code [N, D]}
     * @param labels in {@code 0..classes-1}
     * @param classes K (at least 2)
     * @param c the inverse regularisation strength
     */
    static LogisticRegression fit(double[][] x, int[] labels, int classes, double c, int maxIterations, double tol) {
        if (classes < 2) {
            throw new IllegalArgumentException("logistic regression needs at least 2 classes, got " + classes);
        }
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be positive, was " + c);
        }
        Lbfgs solver = Lbfgs.scikitLearn(maxIterations, tol);
        int d = x[0].length;
        if (classes == 2) {
            Lbfgs.Result r = solver.minimize((w, g) -> binary(x, labels, c, w, g), new double[d + 1]);
            double[][] weights = new double[2][d];
            System.arraycopy(r.x(), 0, weights[1], 0, d);
            return new LogisticRegression(weights, new double[] {0, r.x()[d]}, r.iterations());
        }
        Lbfgs.Result r = solver.minimize((w, g) -> multinomial(x, labels, classes, c, w, g),
                new double[classes * (d + 1)]);
        double[][] weights = new double[classes][d];
        double[] bias = new double[classes];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(r.x(), k * (d + 1), weights[k], 0, d);
            bias[k] = r.x()[k * (d + 1) + d];
        }
        return new LogisticRegression(weights, bias, r.iterations());
    }

    /** Logits {@code x W^T + b}. */
    double[][] logits(double[][] x) {
        double[][] z = Dense.timesTransposed(x, weights);
        for (double[] row : z) {
            for (int k = 0; k < row.length; k++) {
                row[k] += bias[k];
            }
        }
        return z;
    }

    /** The multinomial objective; {@code w} holds per class D weights then the intercept. */
    static double multinomial(double[][] x, int[] labels, int classes, double c, double[] w, double[] gradient) {
        int n = x.length;
        int d = x[0].length;
        Arrays.fill(gradient, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = w[k * (d + 1) + d];
                for (int j = 0; j < d; j++) {
                    s += w[k * (d + 1) + j] * x[i][j];
                }
                z[k] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[k] - max);
            }
            double logSum = max + Math.log(sum);
            loss += logSum - z[labels[i]];
            for (int k = 0; k < classes; k++) {
                double residual = Math.exp(z[k] - logSum) - (k == labels[i] ? 1 : 0);
                int base = k * (d + 1);
                for (int j = 0; j < d; j++) {
                    gradient[base + j] += residual * x[i][j];
                }
                gradient[base + d] += residual;
            }
        }
        double penalty = 0;
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                double v = w[k * (d + 1) + j];
                penalty += v * v;
                gradient[k * (d + 1) + j] = gradient[k * (d + 1) + j] / n + v / (c * n);
            }
            gradient[k * (d + 1) + d] /= n;
        }
        return loss / n + penalty / (2 * c * n);
    }

    /** The binary objective; {@code w} holds D weights then the intercept. */
    static double binary(double[][] x, int[] labels, double c, double[] w, double[] gradient) {
        int n = x.length;
        int d = x[0].length;
        Arrays.fill(gradient, 0);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double z = w[d];
            for (int j = 0; j < d; j++) {
                z += w[j] * x[i][j];
            }
            int y = labels[i] == 1 ? 1 : 0;
            // log(1 + e^z) - y z, computed stably
            loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
            double residual = 1 / (1 + Math.exp(-z)) - y;
            for (int j = 0; j < d; j++) {
                gradient[j] += residual * x[i][j];
            }
            gradient[d] += residual;
        }
        double penalty = 0;
        for (int j = 0; j < d; j++) {
            penalty += w[j] * w[j];
            gradient[j] = gradient[j] / n + w[j] / (c * n);
        }
        gradient[d] /= n;
        return loss / n + penalty / (2 * c * n);
    }
}
