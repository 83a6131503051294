package dev.bioprompt.tracking.file;

import java.util.Locale;

/** Metric values in the text form MLflow's file store writes and Python's {@code float()} reads. */
final class MetricValues {
    private MetricValues() {
    }

    /** Java's shortest round-trip form, with Python's spelling of the non-finite values. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    /** Parses Python ({@code nan}, {@code inf}, {@code 1e-05}) and Java ({@code NaN}, {@code Infinity}) forms. */
    static double parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
