package dev.bioprompt.data.toy;

/** The visual pattern that makes a toy class: shapes and textures separable by simple image statistics. */
public enum ToyPattern {
    /** Nothing beyond the modality's background. */
    PLAIN,
    /** A filled bright disc. */
    DISC,
    /** A bright ring (annulus). */
    RING,
    /** Sinusoidal stripes at a random angle. */
    STRIPES,
    /** A cluster of small bright blobs. */
    BLOBS,
    /** A dark, sharply bounded disc (anechoic). */
    DARK_DISC,
    /** A thin bright line through the centre region. */
    LINE,
    /** A large diffuse bright area. */
    OPACITY
}
