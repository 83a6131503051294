package dev.bioprompt.runners.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * libtorch's autograd mode is per thread and on in every new thread; DJL switches it off only when a gradient
 * collector closes. A run on a worker thread (the local runner's) would otherwise record graphs during evaluation and
 * refuse the optimiser's in-place updates of learnable tensors. Also the one place that zeroes gradients, and the
 * recording section of a training step ({@link #record()}).
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

    /**
     * Opens the recording section of one training step on the calling thread: autograd records the forward pass
     * until {@link Recording#close()}, and {@link Recording#backward} computes the gradients.
     *
     * <p>On PyTorch this replaces DJL's {@code GradientCollector}, which allows a single open collector per JVM (a
     * static flag) and would make cells training in parallel threads (one per GPU) fail. libtorch's grad mode is per
     * thread, so sections on different threads are independent.
     */
    static Recording record() {
        return "PyTorch".equals(Engine.getInstance().getEngineName()) ? new TorchRecording()
                : new CollectorRecording(Engine.getInstance().newGradientCollector());
    }

    /** The recording section of one training step. */
    interface Recording extends AutoCloseable {

        /** Back-propagates a scalar loss into the gradients of the tensors that require them. */
        void backward(NDArray loss);

        /**
         * Back-propagates a scalar loss and keeps the graph, so that a second loss of the same forward pass can be
         * back-propagated after it ({@link GuidedGradients}).
         *
         * @throws UnsupportedOperationException on an engine other than PyTorch
         */
        void backwardKeepingGraph(NDArray loss);

        /** Restores the thread's previous grad mode. */
        @Override
        void close();
    }

    private static final class TorchRecording implements Recording {
        private final boolean previous = JniUtils.isGradMode();

        TorchRecording() {
            JniUtils.setGradMode(true);
        }

        @Override
        public void backward(NDArray loss) {
            try (NDArray seed = loss.onesLike()) {
                JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
            }
        }

        @Override
        public void backwardKeepingGraph(NDArray loss) {
            try (NDArray seed = loss.onesLike()) {
                JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, true, false);
            }
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }

    private record CollectorRecording(GradientCollector collector) implements Recording {
        @Override
        public void backward(NDArray loss) {
            collector.backward(loss);
        }

        @Override
        public void backwardKeepingGraph(NDArray loss) {
            throw new UnsupportedOperationException("a guided gradient (two backward passes through one graph) needs "
                    + "the PyTorch engine, not " + Engine.getInstance().getEngineName());
        }

        @Override
        public void close() {
            collector.close();
        }
    }
}
