package dev.bioprompt.methods.fsclip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void quadraticReachesTheLinearSystemSolution() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[] b = {1, 2, 3};
        Lbfgs.Result r = new Lbfgs(10, 200, 1e-12, 0).minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < 3; i++) {
                double ax = Dense.dot(a[i], x);
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return f;
        }, new double[3]);
        // A^-1 b by Cramer's rule: det A = 18, x = (4, 2, 26) / 18
        assertThat(r.x()[0]).isCloseTo(4.0 / 18, within(1e-9));
        assertThat(r.x()[1]).isCloseTo(2.0 / 18, within(1e-9));
        assertThat(r.x()[2]).isCloseTo(26.0 / 18, within(1e-9));
    }

    @Test
    void rosenbrockReachesItsMinimum() {
        Lbfgs.Result r = new Lbfgs(10, 1000, 1e-10, 0).minimize((x, g) -> {
            double p = x[1] - x[0] * x[0];
            double q = 1 - x[0];
            g[0] = -400 * x[0] * p - 2 * q;
            g[1] = 200 * p;
            return 100 * p * p + q * q;
        }, new double[] {-1.2, 1});
        assertThat(r.x()[0]).isCloseTo(1, within(1e-7));
        assertThat(r.x()[1]).isCloseTo(1, within(1e-7));
    }

    @Test
    void binaryLogisticRegressionMatchesNewtonsMethod() {
        double[][] x = {{0.2, 1.0}, {0.9, -0.3}, {-0.5, 0.4}, {0.1, -1.2}, {1.5, 0.7}, {-1.1, -0.2}, {0.3, 0.3}};
        int[] y = {1, 0, 1, 0, 1, 0, 0};
        double c = 2.0;
        // Newton's method with the exact Hessian of mean log-loss + ||w||^2 / (2 C N) (intercept unpenalised)
        int d = 2;
        int n = x.length;
        double[] w = new double[d + 1];
        for (int it = 0; it < 50; it++) {
            double[] g = new double[d + 1];
            LogisticRegression.binary(x, y, c, w, g);
            double[][] h = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) {
                double z = w[d] + w[0] * x[i][0] + w[1] * x[i][1];
                double s = 1 / (1 + Math.exp(-z));
                double[] xi = {x[i][0], x[i][1], 1};
                for (int a = 0; a <= d; a++) {
                    for (int b = 0; b <= d; b++) {
                        h[a][b] += s * (1 - s) * xi[a] * xi[b] / n;
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                h[a][a] += 1 / (c * n);
            }
            double[] step = solve(h, g);
            for (int a = 0; a <= d; a++) {
                w[a] -= step[a];
            }
        }
        LogisticRegression fitted = LogisticRegression.fit(x, y, 2, c, 1000, 1e-12);
        assertThat(fitted.weights()[1][0]).isCloseTo(w[0], within(1e-8));
        assertThat(fitted.weights()[1][1]).isCloseTo(w[1], within(1e-8));
        assertThat(fitted.bias()[1]).isCloseTo(w[2], within(1e-8));
        assertThat(fitted.weights()[0]).containsExactly(0, 0);
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double factor = m[r][col] / m[col][col];
                    for (int k = col; k <= n; k++) {
                        m[r][k] -= factor * m[col][k];
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = m[i][n] / m[i][i];
        }
        return out;
    }
}
