package dev.bioprompt.backbone.vision;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.ImageEncoding;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.FusedAttention;
import dev.bioprompt.backbone.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The open_clip TimmModel image tower: timm ViT (patch embedding, class token and position embedding, pre-norm blocks,
 * final norm, class-token pooling) followed by the bias-free {@code head.proj}, with optional deep visual prompts.
 *
 * <p>Patch tokens and the class-token attention cover the patch tokens only, never the prompt tokens: all
 * {@code gridSize^2} patches for {@code INSERT} and {@code APPEND}, the {@code gridSize^2 - n} that survive for
 * {@code OVERWRITE}.
 */
public final class VitEncoder {

    private final VitConfig config;
    private final NDArray patchWeight;
    private final NDArray patchBias;
    private final NDArray clsToken;
    private final NDArray posEmbed;
    private final List<VitBlock> blocks = new ArrayList<>();
    private final NDArray normWeight;
    private final NDArray normBias;
    private final NDArray headProj;

    /** Binds the arrays of {@code weights}, checking every shape against {@code config}. */
    public VitEncoder(Weights weights, VitConfig config) {
        this.config = requireNonNull(config, "config is null");
        String t = VitConfig.TRUNK;
        long w = config.width();
        long p = config.patchSize();
        patchWeight = weights.get(t + "patch_embed.proj.weight", w, 3, p, p);
        patchBias = weights.get(t + "patch_embed.proj.bias", w);
        clsToken = weights.get(t + "cls_token", 1, 1, w);
        posEmbed = weights.get(t + "pos_embed", 1, config.numPatches() + 1, w);
        FusedAttention attention = FusedAttention.load(weights.manager());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new VitBlock(weights, config, i, attention));
        }
        normWeight = weights.get(t + "norm.weight", w);
        normBias = weights.get(t + "norm.bias", w);
        headProj = weights.get(VitConfig.HEAD_PROJ, config.embedDim(), w);
    }

    public VitConfig config() {
        return config;
    }

    /**
     * Encodes preprocessed images.
     *
     * @param manager owns the results
     * @param images {@code [B, 3, imageSize, imageSize]}
     */
    public ImageEncoding encode(NDManager manager, NDArray images, VisualPrompts prompts, ImageEncodeOptions options) {
        Shape in = images.getShape();
        if (in.dimension() != 4 || in.get(1) != 3 || in.get(2) != config.imageSize()
                || in.get(3) != config.imageSize()) {
            throw new IllegalArgumentException("images have shape " + in + " but [B, 3, " + config.imageSize()
                    + ", " + config.imageSize() + "] was expected");
        }
        PromptPlacement placement = new PromptPlacement(prompts, config);
        try (NDManager scope = manager.newSubManager()) {
            images.tempAttach(scope);
            long batch = in.get(0);
            long p = config.patchSize();
            NDArray x = Conv2d.conv2d(images, patchWeight, patchBias, new Shape(p, p), new Shape(0, 0),
                            new Shape(1, 1), 1).singletonOrThrow()
                    .reshape(batch, config.width(), config.numPatches())
                    .transpose(0, 2, 1);
            NDArray cls = scope.zeros(new Shape(batch, 1, config.width()), x.getDataType(), x.getDevice())
                    .add(clsToken);
            x = cls.concat(x, 1).add(posEmbed);
            NDArray attention = null;
            for (int l = 0; l < blocks.size(); l++) {
                boolean last = l == blocks.size() - 1;
                NDList out = blocks.get(l).forward(placement.beforeBlock(x, l), last && options.clsAttention());
                x = out.get(0);
                if (out.size() > 1) {
                    attention = out.get(1);
                }
            }
            NDArray normed = LayerNorm.layerNorm(x, new Shape(config.width()), normWeight, normBias, config.eps())
                    .singletonOrThrow();
            NDArray pooled = Linear.linear(normed.get(":, 0"), headProj).singletonOrThrow();
            var patchIndex = placement.patchTokens(x.getShape().get(1));
            NDArray patches = options.patchTokens()
                    ? Linear.linear(normed.get(patchIndex), headProj).singletonOrThrow()
                    : null;
            NDArray clsAttention = attention == null ? null : attention.get(patchIndex);
            NDList results = new NDList(pooled);
            if (patches != null) {
                results.add(patches);
            }
            if (clsAttention != null) {
                results.add(clsAttention);
            }
            results.attach(manager);
            return new ImageEncoding(pooled, patches, clsAttention);
        }
    }
}
