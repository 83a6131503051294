package dev.bioprompt.backbone.text;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.bioprompt.backbone.Weights;

/** open_clip's {@code hf_proj_type = "mlp"} head: {@code Linear(no bias) -> GELU -> Linear(no bias)}. */
final class TextProjection {

    static final String FIRST = "text.proj.0.weight";
    static final String SECOND = "text.proj.2.weight";

    private final NDArray first;
    private final NDArray second;

    TextProjection(Weights weights, BertConfig config) {
        first = weights.get(FIRST, config.projHidden(), config.width());
        second = weights.get(SECOND, config.embedDim(), config.projHidden());
    }

    /** {@code [N, width]} to {@code [N, embedDim]}, owned by {@code pooled}'s manager. */
    NDArray forward(NDArray pooled) {
        NDArray hidden = Activation.gelu(Linear.linear(pooled, first).singletonOrThrow());
        return Linear.linear(hidden, second).singletonOrThrow();
    }
}
