package dev.bioprompt.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.OwnedArrays;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Turns a decoded image into the model's input tensor: bicubic resize of the shorter side, centre crop, conversion
 * of grey to RGB, scaling to [0, 1] and normalisation with the model's mean and standard deviation.
 */
public interface ImagePreprocessor {

    /** Side length of the square output in pixels. */
    int imageSize();

    /** Per-channel mean (RGB) subtracted after scaling to [0, 1]. */
    float[] mean();

    /** Per-channel standard deviation (RGB). */
    float[] std();

    /**
     * Preprocesses one image as the reference evaluation transform does.
     *
     * @return {@code [3, imageSize, imageSize]} float32 values, channel-major
     */
    float[] toPixels(BufferedImage image);

    /**
     * Preprocesses a batch of images into one tensor.
     *
     * @param manager owns the result
     * @return {@code [B, 3, imageSize, imageSize]} float32
     */
    default NDArray toTensor(NDManager manager, List<BufferedImage> images) {
        int s = imageSize();
        float[] all = new float[images.size() * 3 * s * s];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(toPixels(images.get(i)), 0, all, i * 3 * s * s, 3 * s * s);
        }
        return OwnedArrays.of(manager, all, new Shape(images.size(), 3, s, s));
    }
}
