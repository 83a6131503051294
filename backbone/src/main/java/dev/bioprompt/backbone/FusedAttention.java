package dev.bioprompt.backbone;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Scaled dot-product attention, {@code softmax(q k^T / sqrt(d) + mask) v}, as libtorch's one fused kernel: flash
 * attention on CPU, the fused kernels on CUDA.
 *
 * <p>DJL 0.35.1 binds no such operator, so the call goes through two parameter-free TorchScript modules shipped as
 * resources ({@code attention/attention.pt} and {@code attention/masked-attention.pt}, written by
 * {@code tools/make_attention_modules.py}), whose forward is the one ATen call that PyTorch's own
 * {@code F.scaled_dot_product_attention} makes. The kernel never materialises the {@code [tokens, tokens]} score
 * matrix of a whole head and reads q, k and v through their strides, so the towers save the batched products'
 * copies, the separate scale and softmax passes and the scores' memory traffic. Autograd records the call like any
 * other op. The modules belong to the manager they were loaded into and are freed with it.
 */
public final class FusedAttention {

    private static final String FOLDER = "attention/";

    private final PtSymbolBlock attention;
    private final PtSymbolBlock maskedAttention;

    private FusedAttention(PtSymbolBlock attention, PtSymbolBlock maskedAttention) {
        this.attention = attention;
        this.maskedAttention = maskedAttention;
    }

    /**
     * Loads both modules into {@code owner} (a PyTorch engine manager, usually the one that owns a tower's weights).
     *
     * @throws IllegalArgumentException when {@code owner} belongs to another engine
     */
    public static FusedAttention load(NDManager owner) {
        requireNonNull(owner, "owner is null");
        if (!(owner instanceof PtNDManager manager)) {
            throw new IllegalArgumentException("fused attention runs on the PyTorch engine, but the weights' manager "
                    + "belongs to " + owner.getEngine().getEngineName());
        }
        return new FusedAttention(module(manager, "attention.pt"), module(manager, "masked-attention.pt"));
    }

    private static PtSymbolBlock module(PtNDManager manager, String name) {
        try (InputStream in = FusedAttention.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + FOLDER + name + " is missing from the backbone jar");
            }
            return JniUtils.loadModule(manager, in, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + FOLDER + name, e);
        }
    }

    /**
     * The inputs must be unnamed arrays (DJL reads an input's name as a TorchScript structure hint); the call runs with
     * autograd on, so that gradients reach whatever q, k and v were computed from.
     *
     * @param q {@code [batch, heads, queries, d]}, any strides
     * @param k {@code [batch, heads, keys, d]}
     * @param v {@code [batch, heads, keys, d]}
     * @return {@code [batch, heads, queries, d]}, in {@code q}'s manager
     */
    public NDArray apply(NDArray q, NDArray k, NDArray v) {
        return IValueUtils.forward(attention, new NDList(q, k, v), true).singletonOrThrow();
    }

    /**
     * @param mask added to the scaled scores; broadcastable to {@code [batch, heads, queries, keys]}
     * @see #apply(NDArray, NDArray, NDArray)
     */
    public NDArray apply(NDArray q, NDArray k, NDArray v, NDArray mask) {
        return IValueUtils.forward(maskedAttention, new NDList(q, k, v, mask), true).singletonOrThrow();
    }
}
