package dev.bioprompt.methods.fsclip;

/**
 * Rounding to IEEE 754 half precision (fp16), round-to-nearest-even, as {@code tensor.half()} does; used where the
 * reference computes in fp16 (LP++'s class centroids). Java 17 has no {@code Float.floatToFloat16}.
 */
final class HalfPrecision {

    private HalfPrecision() {
    }

    /** The fp16 value nearest to {@code value}, as a double (overflow gives an infinity, as in torch). */
    static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return value;
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 65520) {
            return Math.copySign(Double.POSITIVE_INFINITY, value);
        }
        int exponent = Math.getExponent(magnitude);
        // spacing of fp16 numbers around the value: 2^(e-10) for normal numbers, 2^-24 below 2^-14
        double ulp = Math.scalb(1.0, Math.max(exponent, -14) - 10);
        return Math.copySign(Math.rint(magnitude / ulp) * ulp, value);
    }
}
