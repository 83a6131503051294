package dev.bioprompt.api.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Deep visual prompts for the vision transformer.
 *
 * <p>{@code layers.get(l)} holds the prompt tokens for block {@code l}, shape {@code [n, visionWidth]} (shared by
 * the batch) or {@code [B, n, visionWidth]} (per image). Prompts get no position embedding. Fewer entries than the
 * model has blocks means the prompts of the last given layer travel on unchanged through the remaining blocks.
 *
 * @param layers per-layer prompt tensors, the first for block 0; empty for no prompts
 * @param mode how the prompt tokens enter the token sequence
 */
public record VisualPrompts(List<NDArray> layers, Mode mode) {

    private static final VisualPrompts NONE = new VisualPrompts(List.of(), Mode.INSERT);

    public VisualPrompts {
        layers = List.copyOf(requireNonNull(layers, "layers is null"));
        requireNonNull(mode, "mode is null");
    }

    /** No visual prompts: the plain image encoder. */
    public static VisualPrompts none() {
        return NONE;
    }

    /** True when there are no prompt tokens. */
    public boolean isEmpty() {
        return layers.isEmpty();
    }

    /** How prompt tokens are placed in the vision transformer's token sequence. */
    public enum Mode {
        /**
         * VPT-deep: before block 0 the prompts are inserted right after the class token
         * ({@code [CLS, P_0, patches]}); before each later block {@code l} the prompt slots are replaced by
         * {@code P_l}.
         */
        INSERT,
        /**
         * As the Biomed-DPT reference code: before every block, block 0 included, the {@code n} token positions right
         * after the class token are overwritten with {@code P_l}; the sequence length stays {@code 1 + patches}, so
         * the first {@code n} patch tokens are discarded. With the reference's zero prompts this feeds zeros into
         * those slots at every block.
         */
        OVERWRITE,
        /**
         * MaPLe style: before block 0 the prompts are appended after the last patch token; before each later block
         * the last {@code n} tokens are replaced by {@code P_l}.
         */
        APPEND
    }
}
