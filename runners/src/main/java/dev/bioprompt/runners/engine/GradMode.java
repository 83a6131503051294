package dev.bioprompt.runners.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's autograd mode is per thread and on in every new thread; DJL switches it off only when a gradient
 * collector closes. A run on a worker thread (the local runner's) would otherwise record graphs during evaluation and
 * refuse the optimiser's in-place updates of learnable tensors. Also the one place that zeroes gradients.
 */
final class GradMode {

    private GradMode() {
    }

    /** Turns autograd recording off on the calling thread (gradient collectors turn it on while they are open). */
    static void disableOnCurrentThread() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }

    /**
     * Sets the accumulated gradient of a learnable tensor to exactly zero. Subtracting the gradient from itself is not
     * enough: an infinite entry would become NaN and poison every later step.
     */
    static void zeroGradient(NDArray parameter) {
        if (parameter instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            try (NDArray grad = parameter.getGradient()) {
                grad.subi(grad);
            }
        }
    }
}
