package dev.bioprompt.runners.pretrain;

/**
 * Sizes and schedule of the toy backbone's contrastive pretraining.
 *
 * @param seed seeds the weights, the pretraining images and the caption draws
 * @param steps optimiser steps
 * @param batchSize image-caption pairs per step
 * @param learningRate AdamW learning rate
 * @param width hidden width of both towers (a multiple of 64: heads are 64 wide as in BiomedCLIP)
 * @param layers transformer layers of each tower
 * @param embedDim joint embedding width
 * @param contextLength text context length
 * @param imageSize input image side (a multiple of the 16-pixel patch)
 */
public record ToyPretrainOptions(long seed, int steps, int batchSize, float learningRate, int width, int layers,
                                 int embedDim, int contextLength, int imageSize) {

    /** The settings of the committed toy backbone. */
    public static final ToyPretrainOptions DEFAULT = new ToyPretrainOptions(2024, 120, 48, 1e-3f, 64, 2, 64, 64, 64);

    public ToyPretrainOptions {
        if (width % 64 != 0 || imageSize % 16 != 0 || steps < 0 || batchSize < 2 || layers < 1) {
            throw new IllegalArgumentException("invalid toy pretraining options " + this);
        }
    }
}
