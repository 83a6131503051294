package dev.bioprompt.methods.fsclip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.List;

/** Classifiers over normalised frozen image features shared by the fitted methods. */
final class LinearClassifiers {

    private LinearClassifiers() {
    }

    /**
     * The zero-shot template classifier {@code s * f . t_c}: what a fitted learner scores before its fit, and for
     * class names its per-class weights do not cover (a probe has no weights for new classes).
     */
    static Classifier zeroShot(VisionLanguageModel model, NDManager manager, List<String> classNames, double scale) {
        double[][] text = TemplateText.features(model, manager, classNames);
        return linear(model, classNames, text, new double[classNames.size()], scale);
    }

    /** {@code scale * (f W^T + b)} with rows of {@code weights} in the order of {@code classNames}. */
    static Classifier linear(VisionLanguageModel model, List<String> classNames, double[][] weights, double[] bias,
                             double scale) {
        double[][] w = Dense.copy(weights);
        double[] b = bias.clone();
        return new FrozenFeatureClassifier(model, classNames) {
            @Override
            NDArray scores(NDManager scope, NDArray features) {
                NDArray wt = Dense.toArray(scope, w).transpose();
                NDArray z = features.matMul(wt).add(Dense.toArray(scope, b));
                return scale == 1 ? z : ScalarOps.mul(z, scale);
            }
        };
    }

    /**
     * The rows of the training classes in the order of {@code classNames}, or null when a name is not a training
     * class.
     */
    static int[] rowsOf(List<String> trainingClasses, List<String> classNames) {
        int[] rows = new int[classNames.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = trainingClasses.indexOf(classNames.get(i));
            if (rows[i] < 0) {
                return null;
            }
        }
        return rows;
    }

    static double[][] pick(double[][] rows, int[] order) {
        double[][] out = new double[order.length][];
        for (int i = 0; i < order.length; i++) {
            out[i] = rows[order[i]].clone();
        }
        return out;
    }

    static double[] pick(double[] values, int[] order) {
        double[] out = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
