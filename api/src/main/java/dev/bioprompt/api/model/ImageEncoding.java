package dev.bioprompt.api.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * The output of the image encoder.
 *
 * @param pooled raw projected class-token feature {@code [B, embedDim]}, not L2-normalised
 * @param patchTokens projected patch tokens {@code [B, numPatches, embedDim]}, or null when not requested
 * @param clsAttention class-token attention over patches {@code [B, numPatches]}, or null when not requested
 */
public record ImageEncoding(NDArray pooled, NDArray patchTokens, NDArray clsAttention) {
    public ImageEncoding {
        requireNonNull(pooled, "pooled is null");
    }

    /** The patch tokens, when they were requested. */
    public Optional<NDArray> patches() {
        return Optional.ofNullable(patchTokens);
    }

    /** The class-token attention, when it was requested. */
    public Optional<NDArray> attention() {
        return Optional.ofNullable(clsAttention);
    }
}
