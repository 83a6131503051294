package dev.bioprompt.methods.fsclip;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.TreeSet;

/** Reading a fitted learner's tensors back, with errors that name the key and both shapes. */
final class FittedTensors {

    private FittedTensors() {
    }

    static double[][] matrix(Map<String, NDArray> tensors, String key, int rows, int cols) {
        NDArray array = require(tensors, key);
        if (array.getShape().dimension() != 2 || array.getShape().get(0) != rows
                || (cols >= 0 && array.getShape().get(1) != cols)) {
            throw new IllegalArgumentException("tensor '" + key + "' has shape " + array.getShape() + ", expected ("
                    + rows + ", " + (cols >= 0 ? cols : "D") + ")");
        }
        return Dense.of(array);
    }

    static double[] vector(Map<String, NDArray> tensors, String key, int length) {
        NDArray array = require(tensors, key);
        if (array.getShape().dimension() != 1 || array.getShape().get(0) != length) {
            throw new IllegalArgumentException("tensor '" + key + "' has shape " + array.getShape() + ", expected ("
                    + length + ")");
        }
        return Dense.vector(array);
    }

    private static NDArray require(Map<String, NDArray> tensors, String key) {
        NDArray array = tensors.get(key);
        if (array == null) {
            throw new IllegalArgumentException("missing tensor '" + key + "'; got " + new TreeSet<>(tensors.keySet()));
        }
        return array;
    }

    static IllegalStateException notFitted(String method) {
        return new IllegalStateException(method + " has not been fitted yet; nothing to export");
    }

    /** Normalised rows of the validation features, or an error naming the method when there are none. */
    static void requireValidation(int[] labels, String method) {
        if (labels.length == 0) {
            throw new IllegalArgumentException(method + " selects its hyper-parameters on the few-shot validation "
                    + "set, but the task has no validation images");
        }
    }
}
