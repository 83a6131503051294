package dev.bioprompt.data.augment;

import static java.util.Objects.requireNonNull;

/**
 * How an extra training view is made from the main (training-augmented) view of an image: either on the 8-bit image,
 * before the backbone's preprocessor normalises it, or on the normalised pixels that the preprocessor gives for the
 * main view.
 */
public sealed interface ViewTransform {

    /** A view computed on the main view's 8-bit image; the result is then preprocessed like the main view. */
    static ViewTransform image(ImageTransform transform) {
        return new OnImage(transform);
    }

    /** A view computed on the main view's normalised {@code [3, H, W]} pixels; the result is the model input. */
    static ViewTransform pixels(PixelTransform transform) {
        return new OnPixels(transform);
    }

    /** See {@link #image}. */
    record OnImage(ImageTransform transform) implements ViewTransform {
        public OnImage {
            requireNonNull(transform, "transform is null");
        }
    }

    /** See {@link #pixels}. */
    record OnPixels(PixelTransform transform) implements ViewTransform {
        public OnPixels {
            requireNonNull(transform, "transform is null");
        }
    }
}
