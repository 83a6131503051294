package dev.bioprompt.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The element type of the frozen tower passes that need no gradient: images encoded without visual prompts and
 * token ids encoded as plain text (zero-shot classifiers, teacher and template features, evaluation features). The
 * setting {@code backbone.precision}.
 *
 * <p>Passes that carry gradients to learnable prompts (text prompts in word-embedding space, visual prompts) stay in
 * float32: the type conversion of DJL 0.35.1's PyTorch engine ({@code NDArray.toType}) is not differentiable, so a
 * float32 prompt cast into a reduced tower would lose its gradient. Learnable prompts, losses and the optimiser are
 * float32 in every mode. A model in a reduced precision keeps a converted copy of its weights beside the float32
 * ones (half again the weights' memory).
 *
 * <p>bfloat16 is not offered: the PyTorch JNI library of DJL 0.35.1 aborts the process (a native
 * {@code std::terminate}) on any array of that type, whether converted or created from a buffer.
 */
public enum FrozenPrecision {
    /** Full precision (the default, and the reference's). */
    FLOAT32(DataType.FLOAT32),
    /** IEEE half precision: 10 mantissa bits, a narrow exponent range. */
    FLOAT16(DataType.FLOAT16);

    /** The setting's key. */
    public static final String KEY = "backbone.precision";

    private final DataType dataType;

    FrozenPrecision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The DJL element type. */
    public DataType dataType() {
        return dataType;
    }

    /** True for anything but float32. */
    public boolean isReduced() {
        return this != FLOAT32;
    }

    /** {@code x} in this precision (the same array when it already is); not differentiable. */
    NDArray toTower(NDArray x) {
        return x.getDataType() == dataType ? x : x.toType(dataType, false);
    }

    /** {@code x} back in float32 (the same array when it already is); not differentiable. */
    static NDArray toFloat32(NDArray x) {
        return x == null || x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    }

    /** The setting's spelling: float32 or float16. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the setting.
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static FrozenPrecision parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return FLOAT32;
        }
        if (v.equals("bfloat16")) {
            throw new IllegalArgumentException("configuration key '" + KEY + "': bfloat16 is not supported by the"
                    + " PyTorch JNI library of DJL 0.35.1 (its native code aborts on that type); use float16 or"
                    + " float32");
        }
        for (FrozenPrecision precision : values()) {
            if (precision.settingValue().equals(v)) {
                return precision;
            }
        }
        throw new IllegalArgumentException("configuration key '" + KEY + "' expects float32 or float16, was '"
                + value + "'");
    }
}
