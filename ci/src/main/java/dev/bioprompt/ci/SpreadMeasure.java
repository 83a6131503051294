package dev.bioprompt.ci;

import java.util.List;
import java.util.Locale;

/** How the spread of a metric across seeds is measured. */
public enum SpreadMeasure {
    /** Largest minus smallest value. */
    RANGE,
    /** Population standard deviation (numpy's default {@code std}). */
    STD;

    /** The spread of values (0 for fewer than two values). */
    public double of(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        if (this == RANGE) {
            return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sq = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(sq / values.size());
    }

    /** The policy-file spelling ({@code range}, {@code std}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the policy-file spelling.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SpreadMeasure parse(String text) {
        for (SpreadMeasure m : values()) {
            if (m.key().equalsIgnoreCase(text.trim()) || (m == RANGE && text.trim().equalsIgnoreCase("max-min"))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown spread measure '" + text + "': expected range (max-min) or std");
    }
}
