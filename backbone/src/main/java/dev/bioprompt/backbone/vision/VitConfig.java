package dev.bioprompt.backbone.vision;

import dev.bioprompt.backbone.Weights;

/**
 * Sizes of the timm vision transformer, read from checkpoint shapes.
 *
 * @param width token width (768 for ViT-B)
 * @param layers number of blocks
 * @param heads attention heads (width / 64)
 * @param mlpWidth hidden width of the block MLP
 * @param patchSize patch side in pixels
 * @param gridSize patches per image side
 * @param embedDim width of {@code head.proj}'s output
 * @param eps LayerNorm epsilon
 */
public record VitConfig(int width, int layers, int heads, int mlpWidth, int patchSize, int gridSize, int embedDim,
                        float eps) {

    /** Key prefix of the timm trunk. */
    public static final String TRUNK = "visual.trunk.";
    /** Key of the bias-free projection after the trunk. */
    public static final String HEAD_PROJ = "visual.head.proj.weight";
    /** Width of one attention head. */
    public static final int HEAD_DIM = 64;
    /** The released BiomedCLIP image tower: ViT-B/16 at 224 px (14 x 14 patches), projected to 512. */
    public static final VitConfig BIOMEDCLIP = new VitConfig(768, 12, 12, 3072, 16, 14, 512, 1e-6f);

    public VitConfig {
        if (width % heads != 0) {
            throw new IllegalArgumentException("vision width " + width + " is not divisible by " + heads + " heads");
        }
    }

    /** Number of patch tokens. */
    public int numPatches() {
        return gridSize * gridSize;
    }

    /** Input image side in pixels. */
    public int imageSize() {
        return gridSize * patchSize;
    }

    /** Reads the sizes from the shapes of the checkpoint arrays. */
    public static VitConfig from(Weights weights) {
        long[] patch = weights.shape(TRUNK + "patch_embed.proj.weight").getShape();
        int width = (int) patch[0];
        int patchSize = (int) patch[2];
        long tokens = weights.shape(TRUNK + "pos_embed").get(1);
        int grid = (int) Math.round(Math.sqrt(tokens - 1));
        if ((long) grid * grid + 1 != tokens) {
            throw new IllegalArgumentException("checkpoint key '" + TRUNK + "pos_embed' has " + tokens
                    + " positions, which is not 1 + a square number of patches");
        }
        int layers = weights.countIndexed(TRUNK + "blocks.", "norm1.weight");
        if (layers == 0) {
            throw new IllegalArgumentException("checkpoint has no '" + TRUNK + "blocks.0.*' keys");
        }
        int mlpWidth = (int) weights.shape(TRUNK + "blocks.0.mlp.fc1.weight").get(0);
        int embedDim = (int) weights.shape(HEAD_PROJ).get(0);
        return new VitConfig(width, layers, width / HEAD_DIM, mlpWidth, patchSize, grid, embedDim, 1e-6f);
    }
}
