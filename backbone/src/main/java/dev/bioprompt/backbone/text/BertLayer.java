package dev.bioprompt.backbone.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.backbone.FlatLinear;
import dev.bioprompt.backbone.FusedAttention;
import dev.bioprompt.backbone.Scoped;
import dev.bioprompt.backbone.Weights;

/**
 * One post-norm BERT layer: {@code h = LN(x + dense(selfattn(x)))}, then {@code LN(h + out(gelu(inter(h))))}, with
 * separate q, k, v projections and an additive padding mask; dropout (hidden and attention probabilities) only when
 * training. Attention runs as libtorch's fused kernel except when dropout applies to its probabilities.
 */
final class BertLayer {

    private final BertConfig config;
    private final FusedAttention attention;
    private final NDArray queryWeight;
    private final NDArray queryBias;
    private final NDArray keyWeight;
    private final NDArray keyBias;
    private final NDArray valueWeight;
    private final NDArray valueBias;
    private final NDArray attnOutWeight;
    private final NDArray attnOutBias;
    private final NDArray attnNormWeight;
    private final NDArray attnNormBias;
    private final NDArray interWeight;
    private final NDArray interBias;
    private final NDArray outWeight;
    private final NDArray outBias;
    private final NDArray outNormWeight;
    private final NDArray outNormBias;

    BertLayer(Weights weights, BertConfig config, int index, FusedAttention attention) {
        this.config = config;
        this.attention = attention;
        String p = BertConfig.PREFIX + "encoder.layer." + index + ".";
        long w = config.width();
        long i = config.intermediate();
        queryWeight = weights.get(p + "attention.self.query.weight", w, w);
        queryBias = weights.get(p + "attention.self.query.bias", w);
        keyWeight = weights.get(p + "attention.self.key.weight", w, w);
        keyBias = weights.get(p + "attention.self.key.bias", w);
        valueWeight = weights.get(p + "attention.self.value.weight", w, w);
        valueBias = weights.get(p + "attention.self.value.bias", w);
        attnOutWeight = weights.get(p + "attention.output.dense.weight", w, w);
        attnOutBias = weights.get(p + "attention.output.dense.bias", w);
        attnNormWeight = weights.get(p + "attention.output.LayerNorm.weight", w);
        attnNormBias = weights.get(p + "attention.output.LayerNorm.bias", w);
        interWeight = weights.get(p + "intermediate.dense.weight", i, w);
        interBias = weights.get(p + "intermediate.dense.bias", i);
        outWeight = weights.get(p + "output.dense.weight", w, i);
        outBias = weights.get(p + "output.dense.bias", w);
        outNormWeight = weights.get(p + "output.LayerNorm.weight", w);
        outNormBias = weights.get(p + "output.LayerNorm.bias", w);
    }

    /**
     * @param x {@code [N, S, width]}
     * @param mask additive attention bias {@code [N, 1, 1, S]}: 0 for real tokens, the float minimum for padding
     * @return {@code [N, S, width]}, owned by {@code x}'s manager
     */
    NDArray forward(NDArray x, NDArray mask, boolean training) {
        return Scoped.apply(x, in -> {
            long n = in.getShape().get(0);
            long s = in.getShape().get(1);
            int heads = config.heads();
            long headDim = config.width() / heads;
            Shape ln = new Shape(config.width());

            NDArray q = heads(FlatLinear.apply(in, queryWeight, queryBias), n, s, heads, headDim);
            NDArray k = heads(FlatLinear.apply(in, keyWeight, keyBias), n, s, heads, headDim);
            NDArray v = heads(FlatLinear.apply(in, valueWeight, valueBias), n, s, heads, headDim);
            NDArray context = attend(q, k, v, mask, headDim, training).transpose(0, 2, 1, 3)
                    .reshape(n, s, config.width());
            NDArray attnOut = dropout(FlatLinear.apply(context, attnOutWeight, attnOutBias),
                    training);
            NDArray h = LayerNorm.layerNorm(attnOut.add(in), ln, attnNormWeight, attnNormBias, config.eps())
                    .singletonOrThrow();
            NDArray inter = Activation.gelu(FlatLinear.apply(h, interWeight, interBias));
            NDArray out = dropout(FlatLinear.apply(inter, outWeight, outBias), training);
            return new NDList(LayerNorm.layerNorm(out.add(h), ln, outNormWeight, outNormBias, config.eps())
                    .singletonOrThrow());
        }).singletonOrThrow();
    }

    /** The fused kernel, unless dropout applies to the attention probabilities (they exist only unfused). */
    private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, long headDim, boolean training) {
        if (training && config.dropout() > 0) {
            NDArray probs = ScalarOps.div(q.matMul(k.swapAxes(-1, -2)), Math.sqrt(headDim)).add(mask).softmax(-1);
            return dropout(probs, training).matMul(v);
        }
        return attention.apply(q, k, v, mask);
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training ? Dropout.dropout(x, config.dropout(), true).singletonOrThrow() : x;
    }

    private static NDArray heads(NDArray x, long n, long s, int heads, long headDim) {
        return x.reshape(n, s, heads, headDim).transpose(0, 2, 1, 3);
    }
}
