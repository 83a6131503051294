package dev.bioprompt.backbone.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.backbone.FlatLinear;
import dev.bioprompt.backbone.FusedAttention;
import dev.bioprompt.backbone.Scoped;
import dev.bioprompt.backbone.Weights;

/**
 * One pre-norm timm ViT block: {@code x += proj(attn(norm1(x)))}, then {@code x += fc2(gelu(fc1(norm2(x))))}, with a
 * fused qkv projection whose output rows are laid out {@code [3][heads][64]}; attention runs as libtorch's fused
 * kernel unless the class token's attention weights are asked for.
 */
final class VitBlock {

    private final VitConfig config;
    private final FusedAttention attention;
    private final NDArray norm1Weight;
    private final NDArray norm1Bias;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final NDArray norm2Weight;
    private final NDArray norm2Bias;
    private final NDArray fc1Weight;
    private final NDArray fc1Bias;
    private final NDArray fc2Weight;
    private final NDArray fc2Bias;

    VitBlock(Weights weights, VitConfig config, int index, FusedAttention attention) {
        this.config = config;
        this.attention = attention;
        String p = VitConfig.TRUNK + "blocks." + index + ".";
        long w = config.width();
        long m = config.mlpWidth();
        norm1Weight = weights.get(p + "norm1.weight", w);
        norm1Bias = weights.get(p + "norm1.bias", w);
        qkvWeight = weights.get(p + "attn.qkv.weight", 3 * w, w);
        qkvBias = weights.get(p + "attn.qkv.bias", 3 * w);
        projWeight = weights.get(p + "attn.proj.weight", w, w);
        projBias = weights.get(p + "attn.proj.bias", w);
        norm2Weight = weights.get(p + "norm2.weight", w);
        norm2Bias = weights.get(p + "norm2.bias", w);
        fc1Weight = weights.get(p + "mlp.fc1.weight", m, w);
        fc1Bias = weights.get(p + "mlp.fc1.bias", m);
        fc2Weight = weights.get(p + "mlp.fc2.weight", w, m);
        fc2Bias = weights.get(p + "mlp.fc2.bias", w);
    }

    /**
     * @param x {@code [B, N, width]}
     * @param clsAttention also return the class token's attention over all tokens, averaged over heads ({@code [B, N]})
     * @return the block output, then the attention when asked for; owned by {@code x}'s manager
     */
    NDList forward(NDArray x, boolean clsAttention) {
        return Scoped.apply(x, in -> {
            Shape shape = in.getShape();
            long b = shape.get(0);
            long n = shape.get(1);
            int heads = config.heads();
            long headDim = config.width() / heads;
            Shape ln = new Shape(config.width());

            NDArray h = LayerNorm.layerNorm(in, ln, norm1Weight, norm1Bias, config.eps()).singletonOrThrow();
            NDArray qkv = FlatLinear.apply(h, qkvWeight, qkvBias)
                    .reshape(b, n, 3, heads, headDim)
                    .transpose(2, 0, 3, 1, 4);
            NDArray q = qkv.get(0);
            NDArray k = qkv.get(1);
            NDArray v = qkv.get(2);
            NDArray perHead;
            NDArray clsWeights = null;
            if (clsAttention) { // the attention weights exist only on the unfused path
                NDArray attn = ScalarOps.mul(q, 1.0 / Math.sqrt(headDim)).matMul(k.swapAxes(-1, -2)).softmax(-1);
                perHead = attn.matMul(v);
                clsWeights = attn.get(":, :, 0, :").mean(new int[] {1});
            } else {
                perHead = attention.apply(q, k, v);
            }
            NDArray mixed = perHead.transpose(0, 2, 1, 3).reshape(b, n, config.width());
            NDArray x1 = in.add(FlatLinear.apply(mixed, projWeight, projBias));

            NDArray h2 = LayerNorm.layerNorm(x1, ln, norm2Weight, norm2Bias, config.eps()).singletonOrThrow();
            NDArray hidden = Activation.gelu(FlatLinear.apply(h2, fc1Weight, fc1Bias));
            NDArray out = x1.add(FlatLinear.apply(hidden, fc2Weight, fc2Bias));
            return clsAttention ? new NDList(out, clsWeights) : new NDList(out);
        });
    }
}
