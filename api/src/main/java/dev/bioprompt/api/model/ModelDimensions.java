package dev.bioprompt.api.model;

/**
 * Sizes of a loaded vision-language model, read from the checkpoint.
 *
 * @param embedDim width of the joint image-text embedding space
 * @param textWidth hidden width of the text tower (the word-embedding width of a {@link TextPrompt})
 * @param textLayers number of text transformer layers
 * @param visionWidth hidden width of the vision tower (the width of a visual prompt token)
 * @param visionLayers number of vision transformer blocks (the most layers {@link VisualPrompts} can address)
 * @param contextLength the fixed token count texts are padded to (256 for BiomedCLIP)
 * @param imageSize input image side in pixels (224 for BiomedCLIP)
 */
public record ModelDimensions(int embedDim, int textWidth, int textLayers, int visionWidth, int visionLayers,
                              int contextLength, int imageSize) {
    public ModelDimensions {
        if (embedDim <= 0 || textWidth <= 0 || textLayers <= 0 || visionWidth <= 0 || visionLayers <= 0
                || contextLength <= 0 || imageSize <= 0) {
            throw new IllegalArgumentException("all model dimensions must be positive");
        }
    }
}
