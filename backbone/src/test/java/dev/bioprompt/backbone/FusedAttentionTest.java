package dev.bioprompt.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.nd.ScalarOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fused kernel against the attention written out ({@code softmax(q k^T / sqrt(d) + mask) v}): outputs and the
 * gradients of q, k and v, for strided views of a fused qkv projection as the ViT block passes them and with a
 * padding mask as BERT passes it.
 */
class FusedAttentionTest {

    private static final int BATCH = 2;
    private static final int HEADS = 3;
    private static final int TOKENS = 7;
    private static final int DIM = 16;
    private static final float TOLERANCE = 2e-5f;

    private static NDManager manager;
    private static FusedAttention attention;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        attention = FusedAttention.load(manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray written(NDArray q, NDArray k, NDArray v, NDArray mask) {
        NDArray scores = ScalarOps.div(q.matMul(k.swapAxes(-1, -2)), Math.sqrt(q.getShape().get(3)));
        return (mask == null ? scores : scores.add(mask)).softmax(-1).matMul(v);
    }

    /** A padding mask: the last {@code 2 * row} keys of each row masked with the float minimum. */
    private static NDArray paddingMask(NDManager m) {
        float[] bias = new float[BATCH * TOKENS];
        for (int row = 0; row < BATCH; row++) {
            for (int j = TOKENS - 2 * row; j < TOKENS; j++) {
                bias[row * TOKENS + j] = -Float.MAX_VALUE;
            }
        }
        return m.create(bias, new Shape(BATCH, 1, 1, TOKENS));
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float scale = Math.max(1f, expected.abs().max().getFloat());
        assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(TOLERANCE * scale);
    }

    @Test
    void matchesTheWrittenOutAttentionOnStridedViews() {
        try (NDManager m = manager.newSubManager()) {
            // the ViT block's layout: one [B, N, 3, H, D] projection viewed as three [B, H, N, D] arrays
            NDArray qkv = m.randomNormal(new Shape(BATCH, TOKENS, 3, HEADS, DIM)).transpose(2, 0, 3, 1, 4);
            NDArray fused = attention.apply(qkv.get(0), qkv.get(1), qkv.get(2));
            assertThat(fused.getManager()).isSameAs(qkv.get(0).getManager());
            assertClose(fused, written(qkv.get(0), qkv.get(1), qkv.get(2), null));
        }
    }

    @Test
    void appliesTheAdditiveMask() {
        try (NDManager m = manager.newSubManager()) {
            NDArray q = m.randomNormal(new Shape(BATCH, HEADS, TOKENS, DIM));
            NDArray k = m.randomNormal(new Shape(BATCH, HEADS, TOKENS, DIM));
            NDArray v = m.randomNormal(new Shape(BATCH, HEADS, TOKENS, DIM));
            NDArray mask = paddingMask(m);
            NDArray fused = attention.apply(q, k, v, mask);
            assertClose(fused, written(q, k, v, mask));
            // a masked key changes nothing: replacing the second row's masked values leaves its output as it was
            NDArray changed = v.duplicate();
            changed.set(new NDIndex("1, :, -2:, :"), 100f);
            assertClose(attention.apply(q, k, changed, mask).get(1), fused.get(1));
            // without the mask the same change shows
            NDArray unmasked = attention.apply(q, k, changed).get(1).sub(attention.apply(q, k, v).get(1));
            assertThat(unmasked.abs().max().getFloat()).isGreaterThan(1f);
        }
    }

    @Test
    void gradientsReachQueriesKeysAndValues() {
        try (NDManager m = manager.newSubManager()) {
            NDArray[] inputs = new NDArray[4];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = m.randomNormal(new Shape(BATCH, HEADS, TOKENS, DIM));
            }
            NDArray[] fused = gradients(inputs, paddingMask(m), true);
            NDArray[] written = gradients(inputs, paddingMask(m), false);
            for (int i = 0; i < 3; i++) {
                assertThat(fused[i].abs().sum().getFloat()).isGreaterThan(0f);
                assertClose(fused[i], written[i]);
            }
        }
    }

    /** The gradients of copies of q, k and v ({@code values[0..2]}) under the loss weighting {@code values[3]}. */
    private static NDArray[] gradients(NDArray[] values, NDArray mask, boolean fused) {
        NDArray[] qkv = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            qkv[i] = values[i].duplicate();
            qkv[i].setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = fused ? attention.apply(qkv[0], qkv[1], qkv[2], mask) : written(qkv[0], qkv[1], qkv[2], mask);
            collector.backward(out.mul(values[3]).sum());
        }
        NDArray[] grads = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            grads[i] = qkv[i].getGradient().duplicate();
            assertThat(grads[i].getDataType()).isEqualTo(DataType.FLOAT32);
        }
        return grads;
    }
}
