package dev.bioprompt.methods.fsclip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.OwnedArrays;

/**
 * Row-major dense matrices as {@code double[rows][cols]}: the small arithmetic the fitted methods do on frozen
 * features (hundreds of rows, 512 columns), in double precision and in a fixed order, so that fits are deterministic
 * and easy to check by hand.
 */
final class Dense {

    private Dense() {
    }

    /** A 2-D float array as rows. */
    static double[][] of(NDArray array) {
        Shape shape = array.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("expected a matrix, got shape " + shape);
        }
        int rows = Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(1));
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = values[r * cols + c];
            }
        }
        return out;
    }

    /** Rows as a float32 array in {@code manager}. */
    static NDArray toArray(NDManager manager, double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] values = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols; c++) {
                values[r * cols + c] = (float) rows[r][c];
            }
        }
        return OwnedArrays.of(manager, values, new Shape(rows.length, cols));
    }

    /** A vector as a float32 array in {@code manager}. */
    static NDArray toArray(NDManager manager, double[] vector) {
        float[] values = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            values[i] = (float) vector[i];
        }
        return OwnedArrays.of(manager, values);
    }

    /** A float32 vector as doubles. */
    static double[] vector(NDArray array) {
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Each row divided by its L2 norm. */
    static double[][] normalizeRows(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            double norm = Math.sqrt(dot(x[r], x[r]));
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = x[r][c] / norm;
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code a @ b.T} for rows {@code a [n, d]} and {@code b [m, d]}: {@code [n, m]}. */
    static double[][] timesTransposed(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = dot(a[i], b[j]);
            }
        }
        return out;
    }

    /** {@code a.T @ b} for {@code a [n, p]} and {@code b [n, q]}: {@code [p, q]}. */
    static double[][] transposedTimes(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] out = new double[p][q];
        for (int n = 0; n < a.length; n++) {
            for (int i = 0; i < p; i++) {
                double v = a[n][i];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < q; j++) {
                    out[i][j] += v * b[n][j];
                }
            }
        }
        return out;
    }

    /** Row-wise softmax. */
    static double[][] softmax(double[][] logits) {
        double[][] out = new double[logits.length][];
        for (int r = 0; r < logits.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[r]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            out[r] = new double[logits[r].length];
            for (int c = 0; c < logits[r].length; c++) {
                out[r][c] = Math.exp(logits[r][c] - max);
                sum += out[r][c];
            }
            for (int c = 0; c < logits[r].length; c++) {
                out[r][c] /= sum;
            }
        }
        return out;
    }

    /** Mean cross-entropy of logits against labels. */
    static double crossEntropy(double[][] logits, int[] labels) {
        double total = 0;
        for (int r = 0; r < logits.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[r]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : logits[r]) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - logits[r][labels[r]];
        }
        return total / logits.length;
    }

    /** The index of the largest entry of every row (the first on ties, as torch's argmax). */
    static int[] argmax(double[][] logits) {
        int[] out = new int[logits.length];
        for (int r = 0; r < logits.length; r++) {
            int best = 0;
            for (int c = 1; c < logits[r].length; c++) {
                if (logits[r][c] > logits[r][best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /** Accuracy in percent of the row-wise argmax. */
    static double accuracy(double[][] logits, int[] labels) {
        int[] predicted = argmax(logits);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return 100.0 * correct / labels.length;
    }

    /** One-hot rows {@code [n, classes]}. */
    static double[][] oneHot(int[] labels, int classes) {
        double[][] out = new double[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside 0.." + (classes - 1));
            }
            out[i][labels[i]] = 1;
        }
        return out;
    }

    static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }
}
