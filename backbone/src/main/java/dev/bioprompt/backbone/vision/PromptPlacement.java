package dev.bioprompt.backbone.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.Scoped;

/**
 * Places deep visual prompt tokens into the ViT token sequence {@code [CLS, patches]} before each block, following
 * {@link VisualPrompts.Mode}:
 * <ul>
 *   <li>{@code INSERT} (VPT-deep): block 0 gets {@code [CLS, P_0, patches]}; block {@code l} replaces the prompt slots
 *       {@code 1..n} with {@code P_l}.</li>
 *   <li>{@code OVERWRITE} (the Biomed-DPT code): every prompted block, block 0 included, overwrites positions
 *       {@code 1..n} with {@code P_l}; the sequence keeps its length, so the first {@code n} patch tokens are
 *       dropped.</li>
 *   <li>{@code APPEND} (MaPLe): block 0 gets {@code [CLS, patches, P_0]}; block {@code l} replaces the last
 *       {@code n} tokens with {@code P_l}.</li>
 * </ul>
 * Blocks past the last given layer run on the tokens as they are.
 */
final class PromptPlacement {

    private final VisualPrompts prompts;
    private final int count;

    PromptPlacement(VisualPrompts prompts, VitConfig config) {
        this.prompts = prompts;
        if (prompts.layers().size() > config.layers()) {
            throw new IllegalArgumentException("visual prompts given for " + prompts.layers().size()
                    + " layers but the vision transformer has " + config.layers() + " blocks");
        }
        int n = -1;
        for (int l = 0; l < prompts.layers().size(); l++) {
            Shape s = prompts.layers().get(l).getShape();
            int dims = s.dimension();
            if ((dims != 2 && dims != 3) || s.get(dims - 1) != config.width()) {
                throw new IllegalArgumentException("visual prompts of layer " + l + " have shape " + s
                        + " but [n, " + config.width() + "] or [B, n, " + config.width() + "] was expected");
            }
            int layerCount = (int) s.get(dims - 2);
            if (n >= 0 && layerCount != n) {
                throw new IllegalArgumentException("visual prompts of layer " + l + " have " + layerCount
                        + " tokens but layer 0 has " + n);
            }
            n = layerCount;
        }
        this.count = Math.max(n, 0);
        if (prompts.mode() == VisualPrompts.Mode.OVERWRITE && count > config.numPatches()) {
            throw new IllegalArgumentException("cannot overwrite " + count + " of " + config.numPatches()
                    + " patch tokens");
        }
    }

    /** Number of prompt tokens per layer (0 for none). */
    int count() {
        return count;
    }

    /** The token sequence entering block {@code layer}; owned by {@code x}'s manager. */
    NDArray beforeBlock(NDArray x, int layer) {
        if (layer >= prompts.layers().size()) {
            return x;
        }
        long batch = x.getShape().get(0);
        long width = x.getShape().get(2);
        NDArray raw = prompts.layers().get(layer);
        NDArray p = raw.getShape().dimension() == 2
                ? Scoped.expand(x.getManager(), raw, new Shape(batch, count, width))
                : checkedBatch(raw, batch, layer);
        boolean first = layer == 0;
        return switch (prompts.mode()) {
            case INSERT -> first
                    ? concat(x.get(":, :1"), p, x.get(":, 1:"))
                    : concat(x.get(":, :1"), p, x.get(new NDIndex(":, {}:", 1 + count)));
            case OVERWRITE -> concat(x.get(":, :1"), p, x.get(new NDIndex(":, {}:", 1 + count)));
            case APPEND -> first
                    ? concat(x, p)
                    : concat(x.get(new NDIndex(":, :{}", x.getShape().get(1) - count)), p);
        };
    }

    /** The index of the patch tokens in the final sequence. */
    NDIndex patchTokens(long sequenceLength) {
        return switch (prompts.mode()) {
            case INSERT, OVERWRITE -> new NDIndex(":, {}:", 1 + count);
            case APPEND -> new NDIndex(":, 1:{}", sequenceLength - count);
        };
    }

    private static NDArray checkedBatch(NDArray p, long batch, int layer) {
        if (p.getShape().get(0) != batch) {
            throw new IllegalArgumentException("visual prompts of layer " + layer + " have batch "
                    + p.getShape().get(0) + " but the images have batch " + batch);
        }
        return p;
    }

    private static NDArray concat(NDArray... parts) {
        return NDArrays.concat(new NDList(parts), 1);
    }
}
