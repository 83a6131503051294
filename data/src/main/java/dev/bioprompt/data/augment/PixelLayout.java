package dev.bioprompt.data.augment;

/** Checks of the {@code [3, height, width]} float layout that {@link PixelTransform}s work on. */
final class PixelLayout {

    private PixelLayout() {
    }

    /** Throws unless {@code pixels} holds {@code 3 x height x width} values. */
    static void check(float[] pixels, int height, int width) {
        if (height <= 0 || width <= 0 || pixels.length != 3L * height * width) {
            throw new IllegalArgumentException("expected 3x" + height + "x" + width + " pixels, got " + pixels.length
                    + " values");
        }
    }
}
