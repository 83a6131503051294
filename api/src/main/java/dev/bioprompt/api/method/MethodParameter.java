package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One typed, documented parameter of a method, with its built-in default.
 *
 * <p>The configuration key of a parameter is {@code method.<method-name>.<key>}, for example
 * {@code method.coop.n-ctx}. Keys are lower-case kebab-case words.
 *
 * @param key the parameter key, lower-case kebab-case ({@code n-ctx})
 * @param type the value type
 * @param defaultValue the built-in default (the reference implementation's value); never null
 * @param description one sentence for {@code bioprompt methods}
 * @param choices the accepted values of a {@link Type#CHOICE} parameter, empty otherwise
 * @param range the accepted values of a {@link Type#INTEGER} or {@link Type#REAL} parameter ({@link ValueRange#ANY}
 *     for every value); checked when a value is configured, before anything runs, so learners need not check it
 */
public record MethodParameter(String key, Type type, Object defaultValue, String description, List<String> choices,
                              ValueRange range) {

    public MethodParameter {
        requireNonNull(key, "key is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
        choices = List.copyOf(requireNonNull(choices, "choices is null"));
        requireNonNull(range, "range is null");
        if (!key.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("parameter key '" + key + "' must be lower-case kebab-case");
        }
        if (type == Type.CHOICE && !choices.contains(String.valueOf(defaultValue))) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of '" + key + "' is not one of " + choices);
        }
        type.parse(key, String.valueOf(defaultValue), choices, range);
    }

    /** A parameter without a range. */
    public MethodParameter(String key, Type type, Object defaultValue, String description, List<String> choices) {
        this(key, type, defaultValue, description, choices, ValueRange.ANY);
    }

    /** This parameter with values at least {@code min}. */
    public MethodParameter atLeast(double min) {
        return within(ValueRange.atLeast(min));
    }

    /** This parameter with values above {@code min}. */
    public MethodParameter greaterThan(double min) {
        return within(ValueRange.greaterThan(min));
    }

    /** This parameter with values in {@code [min, max]}. */
    public MethodParameter between(double min, double max) {
        return within(ValueRange.closed(min, max));
    }

    /** This parameter with a range of accepted values. */
    public MethodParameter within(ValueRange accepted) {
        return new MethodParameter(key, type, defaultValue, description, choices, accepted);
    }

    /** An integer parameter. */
    public static MethodParameter integer(String key, int defaultValue, String description) {
        return new MethodParameter(key, Type.INTEGER, defaultValue, description, List.of());
    }

    /** A floating-point parameter. */
    public static MethodParameter real(String key, double defaultValue, String description) {
        return new MethodParameter(key, Type.REAL, defaultValue, description, List.of());
    }

    /** A boolean parameter. */
    public static MethodParameter flag(String key, boolean defaultValue, String description) {
        return new MethodParameter(key, Type.BOOLEAN, defaultValue, description, List.of());
    }

    /** A free-text parameter. */
    public static MethodParameter text(String key, String defaultValue, String description) {
        return new MethodParameter(key, Type.TEXT, defaultValue, description, List.of());
    }

    /** A parameter that takes one of a fixed set of words. */
    public static MethodParameter choice(String key, String defaultValue, String description, String... choices) {
        return new MethodParameter(key, Type.CHOICE, defaultValue, description, List.of(choices));
    }

    /**
     * Parses a configured value of this parameter.
     *
     * @throws IllegalArgumentException naming the key and what was expected
     */
    public Object parse(String value) {
        return type.parse(key, value, choices, range);
    }

    /** Value types of method parameters. */
    public enum Type {
        INTEGER, REAL, BOOLEAN, TEXT, CHOICE;

        Object parse(String key, String value, List<String> choices, ValueRange range) {
            requireNonNull(value, "value is null");
            String v = value.trim();
            try {
                return switch (this) {
                    case INTEGER -> inRange(key, value, Integer.parseInt(v), range);
                    case REAL -> inRange(key, value, Double.parseDouble(v), range);
                    case BOOLEAN -> parseBoolean(key, v);
                    case TEXT -> value;
                    case CHOICE -> {
                        if (!choices.contains(v)) {
                            throw new IllegalArgumentException("'" + key + "' must be one of " + choices + ", was '" + v + "'");
                        }
                        yield v;
                    }
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + key + "' expects " + (this == INTEGER ? "an integer" : "a number")
                        + (range.equals(ValueRange.ANY) ? "" : " " + range) + ", was '" + value + "'", e);
            }
        }

        private static <N extends Number> N inRange(String key, String value, N n, ValueRange range) {
            if (!range.contains(n.doubleValue()) || (n instanceof Double d && !Double.isFinite(d))) {
                throw new IllegalArgumentException("'" + key + "' expects a number"
                        + (range.equals(ValueRange.ANY) ? " (finite)" : " " + range) + ", was '" + value.trim()
                        + "'");
            }
            return n;
        }

        private static Boolean parseBoolean(String key, String v) {
            if (v.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (v.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("'" + key + "' expects true or false, was '" + v + "'");
        }
    }
}
