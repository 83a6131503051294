package dev.bioprompt.methods.biomeddpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.ModelDimensions;
import dev.bioprompt.api.model.VisualPrompts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Biomed-DPT's constant visual prompts: {@code tokens} zero vectors for every vision block. They are not learnable
 * and not saved; the reference's dropout on them is a no-op on zeros and is left out.
 */
final class ZeroVisualPrompts implements Function<NDManager, VisualPrompts> {

    private final int tokens;
    private final int layers;
    private final int width;
    private final VisualPrompts.Mode mode;

    ZeroVisualPrompts(int tokens, ModelDimensions dimensions, VisualPrompts.Mode mode) {
        if (tokens < 0) {
            throw new IllegalArgumentException("method.biomed-dpt.visual-prompt-tokens must not be negative, was " + tokens);
        }
        this.tokens = tokens;
        this.layers = dimensions.visionLayers();
        this.width = dimensions.visionWidth();
        this.mode = mode;
    }

    /** The prompts for one forward pass, created in {@code manager}. */
    @Override
    public VisualPrompts apply(NDManager manager) {
        if (tokens == 0) {
            return VisualPrompts.none();
        }
        List<NDArray> perLayer = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            perLayer.add(manager.zeros(new Shape(tokens, width)));
        }
        return new VisualPrompts(perLayer, mode);
    }
}
