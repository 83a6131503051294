package dev.bioprompt.api.model;

/**
 * Which optional outputs {@link VisionLanguageModel#encodeImage} computes.
 *
 * @param patchTokens also return the patch tokens, passed through the final norm and the same projection as the
 *     class token ({@code [B, numPatches, embedDim]})
 * @param clsAttention also return the last block's attention of the class token over the patch tokens, averaged
 *     over heads ({@code [B, numPatches]})
 */
public record ImageEncodeOptions(boolean patchTokens, boolean clsAttention) {

    /** Only the pooled feature. */
    public static final ImageEncodeOptions POOLED = new ImageEncodeOptions(false, false);

    /** The pooled feature and the projected patch tokens. */
    public static final ImageEncodeOptions WITH_PATCHES = new ImageEncodeOptions(true, false);
}
