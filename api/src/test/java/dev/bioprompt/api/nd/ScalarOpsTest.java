package dev.bioprompt.api.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScalarOpsTest {

    /**
     * The garbage collector runs and the freed native memory is reused between the forward and the backward pass,
     * the situation in which DJL's {@code Number} overloads give gradients computed from freed memory.
     */
    private static float[] gradientUnderMemoryChurn(UnaryOperator<NDArray> op, float[] input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(input).duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                System.gc();
                List<ByteBuffer> churn = new ArrayList<>();
                for (int i = 0; i < 4000; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(4);
                    b.putFloat(0, Float.NaN);
                    churn.add(b);
                }
                collector.backward(y);
                assertEquals(4000, churn.size());
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void gradientsStayExactWhenTheCollectorFreesMemoryBeforeBackward() {
        float[] x = {1f, 2f, 3f};
        for (int round = 0; round < 20; round++) {
            assertArrayEquals(new float[] {3f, 3f, 3f}, gradientUnderMemoryChurn(a -> ScalarOps.mul(a, 3), x));
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, gradientUnderMemoryChurn(a -> ScalarOps.div(a, 2), x));
            assertArrayEquals(new float[] {2f, 4f, 6f}, gradientUnderMemoryChurn(a -> ScalarOps.pow(a, 2), x), 1e-6f);
            assertArrayEquals(new float[] {0f, 1f, 1f}, gradientUnderMemoryChurn(a -> ScalarOps.maximum(a, 1.5), x));
            assertArrayEquals(new float[] {1f, 0f, 0f}, gradientUnderMemoryChurn(a -> ScalarOps.minimum(a, 1.5), x));
            assertArrayEquals(new float[] {-1f, -1f, -1f}, gradientUnderMemoryChurn(a -> ScalarOps.rsub(1, a), x));
        }
    }

    @Test
    void valuesMatchPlainArithmetic() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, -2f, 4f});
            assertArrayEquals(new float[] {2.5f, -5f, 10f}, ScalarOps.mul(x, 2.5).toFloatArray());
            assertArrayEquals(new float[] {0.25f, -0.5f, 1f}, ScalarOps.div(x, 4).toFloatArray());
            assertArrayEquals(new float[] {2f, -1f, 5f}, ScalarOps.add(x, 1).toFloatArray());
            assertArrayEquals(new float[] {0f, -3f, 3f}, ScalarOps.sub(x, 1).toFloatArray());
            assertArrayEquals(new float[] {0f, 3f, -3f}, ScalarOps.rsub(1, x).toFloatArray());
            assertArrayEquals(new float[] {1f, 0f, 4f}, ScalarOps.maximum(x, 0).toFloatArray());
            assertArrayEquals(new float[] {0f, -2f, 0f}, ScalarOps.minimum(x, 0).toFloatArray());
            NDArray y = x.duplicate();
            assertArrayEquals(new float[] {3f, -3f, 9f}, ScalarOps.addi(ScalarOps.muli(y, 2), 1).toFloatArray());
            assertArrayEquals(new float[] {3f, -3f, 9f}, y.toFloatArray());
            NDArray ids = manager.create(new long[] {1, 2});
            assertArrayEquals(new long[] {3, 4}, ScalarOps.add(ids, 2).toLongArray());
        }
    }
}
