package dev.bioprompt.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.nd.OwnedArrays;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arrays made by {@link OwnedArrays} keep their values after the array object is closed and the collector has freed
 * and reused Java memory: through a view in another manager and through autograd's saved operand.
 */
class OwnedArraysTest {

    @Test
    void aViewKeepsItsValuesAfterTheArrayIsClosedAndJavaMemoryIsReused() throws InterruptedException {
        float[] data = {1, 2, 3, 4, 5, 6};
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray view;
            try (NDManager scope = root.newSubManager()) {
                view = OwnedArrays.of(scope, data, new Shape(2, 3)).transpose();
                view.attach(root);
            }
            List<ByteBuffer> reused = FreedJavaMemory.collectAndReuse();
            assertThat(view.toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
            Reference.reachabilityFence(reused);
        }
    }

    @Test
    void autogradReadsTheSavedOperandAfterItIsClosed() throws InterruptedException {
        try (NDManager root = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = root.ones(new Shape(4));
            x.setRequiresGradient(true);
            NDArray y;
            try (NDManager scope = root.newSubManager()) {
                y = x.mul(OwnedArrays.of(scope, new float[] {1, 2, 3, 4}));
                y.attach(root);
            }
            List<ByteBuffer> reused = FreedJavaMemory.collectAndReuse();
            collector.backward(y.sum());
            assertThat(x.getGradient().toFloatArray()).containsExactly(1, 2, 3, 4);
            Reference.reachabilityFence(reused);
        }
    }

    @Test
    void everyOverloadCopiesTheDataWithItsType() {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putFloat(1.5f).putFloat(-2f).flip();
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(OwnedArrays.of(m, new float[] {1, 2}).toFloatArray()).containsExactly(1, 2);
            assertThat(OwnedArrays.of(m, new long[] {3, 4}).toLongArray()).containsExactly(3, 4);
            assertThat(OwnedArrays.of(m, new long[] {3, 4, 5, 6}, new Shape(2, 2)).getShape()).isEqualTo(new Shape(2, 2));
            assertThat(OwnedArrays.of(m, new int[] {7}).getDataType()).isEqualTo(DataType.INT32);
            NDArray fromBytes = OwnedArrays.of(m, bytes, new Shape(2), DataType.FLOAT32);
            assertThat(fromBytes.toFloatArray()).containsExactly(1.5f, -2f);
            assertThat(fromBytes.getManager()).isSameAs(m);
        }
    }
}
