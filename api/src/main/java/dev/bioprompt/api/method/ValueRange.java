package dev.bioprompt.api.method;

import java.util.Locale;

/**
 * The accepted numeric range of a setting or a method parameter (in the style of Trino's property metadata).
 *
 * @param min the lower bound, or negative infinity
 * @param minInclusive whether the lower bound is allowed
 * @param max the upper bound, or positive infinity
 * @param maxInclusive whether the upper bound is allowed
 */
public record ValueRange(double min, boolean minInclusive, double max, boolean maxInclusive) {

    /** Every value. */
    public static final ValueRange ANY = new ValueRange(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);

    /** {@code [min, +inf)}. */
    public static ValueRange atLeast(double min) {
        return new ValueRange(min, true, Double.POSITIVE_INFINITY, true);
    }

    /** {@code (min, +inf)}. */
    public static ValueRange greaterThan(double min) {
        return new ValueRange(min, false, Double.POSITIVE_INFINITY, true);
    }

    /** {@code [min, max]}. */
    public static ValueRange closed(double min, double max) {
        return new ValueRange(min, true, max, true);
    }

    /** Whether a value is inside. */
    public boolean contains(double value) {
        boolean lower = minInclusive ? value >= min : value > min;
        boolean upper = maxInclusive ? value <= max : value < max;
        return lower && upper;
    }

    @Override
    public String toString() {
        if (this.equals(ANY)) {
            return "";
        }
        if (max == Double.POSITIVE_INFINITY) {
            return (minInclusive ? ">= " : "> ") + number(min);
        }
        if (min == Double.NEGATIVE_INFINITY) {
            return (maxInclusive ? "<= " : "< ") + number(max);
        }
        return "in " + (minInclusive ? "[" : "(") + number(min) + ", " + number(max) + (maxInclusive ? "]" : ")");
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
