package dev.bioprompt.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.vision.VitConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BiomedCLIP-shaped weights with random values, built in memory under the checkpoint keys: LayerNorm gains 1,
 * biases 0, everything else N(0, 0.02^2), logit scale ln(100).
 */
public final class RandomWeights {

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private RandomWeights(NDManager manager) {
        this.manager = manager;
    }

    /** All weights of a model with the given sizes; the returned object owns {@code manager}. */
    public static Weights create(NDManager manager, VitConfig vision, BertConfig text, int maxPositions) {
        RandomWeights w = new RandomWeights(manager);
        w.normal("logit_scale", new Shape());
        ScalarOps.addi(ScalarOps.muli(w.arrays.get("logit_scale"), 0), Math.log(100));
        String t = VitConfig.TRUNK;
        long vw = vision.width();
        long p = vision.patchSize();
        w.normal(t + "cls_token", new Shape(1, 1, vw));
        w.normal(t + "pos_embed", new Shape(1, vision.numPatches() + 1, vw));
        w.linear(t + "patch_embed.proj", new Shape(vw, 3, p, p));
        for (int i = 0; i < vision.layers(); i++) {
            String b = t + "blocks." + i + ".";
            w.norm(b + "norm1", vw);
            w.linear(b + "attn.qkv", new Shape(3 * vw, vw));
            w.linear(b + "attn.proj", new Shape(vw, vw));
            w.norm(b + "norm2", vw);
            w.linear(b + "mlp.fc1", new Shape(vision.mlpWidth(), vw));
            w.linear(b + "mlp.fc2", new Shape(vw, vision.mlpWidth()));
        }
        w.norm(t + "norm", vw);
        w.normal("visual.head.proj.weight", new Shape(vision.embedDim(), vw));

        String e = BertConfig.PREFIX + "embeddings.";
        long tw = text.width();
        w.normal(e + "word_embeddings.weight", new Shape(text.vocabSize(), tw));
        w.normal(e + "position_embeddings.weight", new Shape(maxPositions, tw));
        w.normal(e + "token_type_embeddings.weight", new Shape(2, tw));
        w.norm(e + "LayerNorm", tw);
        for (int i = 0; i < text.layers(); i++) {
            String l = BertConfig.PREFIX + "encoder.layer." + i + ".";
            w.linear(l + "attention.self.query", new Shape(tw, tw));
            w.linear(l + "attention.self.key", new Shape(tw, tw));
            w.linear(l + "attention.self.value", new Shape(tw, tw));
            w.linear(l + "attention.output.dense", new Shape(tw, tw));
            w.norm(l + "attention.output.LayerNorm", tw);
            w.linear(l + "intermediate.dense", new Shape(text.intermediate(), tw));
            w.linear(l + "output.dense", new Shape(tw, text.intermediate()));
            w.norm(l + "output.LayerNorm", tw);
        }
        w.normal("text.proj.0.weight", new Shape(text.projHidden(), tw));
        w.normal("text.proj.2.weight", new Shape(text.embedDim(), text.projHidden()));
        return new Weights(manager, w.arrays);
    }

    private void normal(String key, Shape shape) {
        arrays.put(key, manager.randomNormal(0f, 0.02f, shape, DataType.FLOAT32));
    }

    private void linear(String prefix, Shape weightShape) {
        normal(prefix + ".weight", weightShape);
        arrays.put(prefix + ".bias", manager.zeros(new Shape(weightShape.get(0))));
    }

    private void norm(String prefix, long width) {
        arrays.put(prefix + ".weight", manager.ones(new Shape(width)));
        arrays.put(prefix + ".bias", manager.zeros(new Shape(width)));
    }
}
