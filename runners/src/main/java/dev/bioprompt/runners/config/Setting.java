package dev.bioprompt.runners.config;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.ValueRange;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One declared configuration key: its type, default, allowed values or range and a one-line description. Declared
 * once, as a constant of its area's key class ({@link TrainKeys}, {@link RegistryKeys}...), and read only through
 * {@link SettingValues}.
 *
 * @param key the key, lower-case dot-separated kebab-case words
 * @param type the value type
 * @param defaultValue the default as text, or null when the key has none (then a method or command decides)
 * @param description one line for {@code bioprompt config keys} and the README
 * @param choices the accepted words of a {@link SettingType#CHOICE}, empty otherwise
 * @param range the accepted numeric range, or {@link ValueRange#ANY}
 * @param secret whether the value is masked when shown
 */
public record Setting(String key, SettingType type, String defaultValue, String description, List<String> choices,
                      ValueRange range, boolean secret) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    public Setting {
        requireNonNull(key, "key is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        choices = List.copyOf(requireNonNull(choices, "choices is null"));
        requireNonNull(range, "range is null");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("setting key '" + key + "' must be lower-case dot-separated kebab-case");
        }
        if (defaultValue != null && type != SettingType.MAP && !(type == SettingType.CHOICE && defaultValue.isEmpty())) {
            parse(key, type, choices, range, defaultValue);
        }
    }

    /** A free-text key. */
    public static Setting text(String key, String defaultValue, String description) {
        return new Setting(key, SettingType.STRING, defaultValue, description, List.of(), ValueRange.ANY, false);
    }

    /** A whole-number key. */
    public static Setting integer(String key, Integer defaultValue, String description) {
        return new Setting(key, SettingType.INTEGER, defaultValue == null ? null : defaultValue.toString(),
                description, List.of(), ValueRange.ANY, false);
    }

    /** A floating-point key. */
    public static Setting real(String key, Double defaultValue, String description) {
        return new Setting(key, SettingType.REAL, defaultValue == null ? null : defaultValue.toString(), description,
                List.of(), ValueRange.ANY, false);
    }

    /** A {@code true}/{@code false} key. */
    public static Setting flag(String key, Boolean defaultValue, String description) {
        return new Setting(key, SettingType.BOOLEAN, defaultValue == null ? null : defaultValue.toString(),
                description, List.of(), ValueRange.ANY, false);
    }

    /** A path key. */
    public static Setting path(String key, String defaultValue, String description) {
        return new Setting(key, SettingType.PATH, defaultValue, description, List.of(), ValueRange.ANY, false);
    }

    /** A key that takes one word of a fixed set. */
    public static Setting choice(String key, String defaultValue, String description, String... choices) {
        return new Setting(key, SettingType.CHOICE, defaultValue, description, List.of(choices), ValueRange.ANY, false);
    }

    /** A duration key. */
    public static Setting duration(String key, String defaultValue, String description) {
        return new Setting(key, SettingType.DURATION, defaultValue, description, List.of(), ValueRange.ANY, false);
    }

    /** A list key. */
    public static Setting list(String key, String defaultValue, String description) {
        return new Setting(key, SettingType.LIST, defaultValue, description, List.of(), ValueRange.ANY, false);
    }

    /** Free-form entries {@code <key>.<name>=<value>} below a key. */
    public static Setting map(String key, String description) {
        return new Setting(key, SettingType.MAP, null, description, List.of(), ValueRange.ANY, false);
    }

    /** This key with values at least {@code min}. */
    public Setting atLeast(double min) {
        return withRange(ValueRange.atLeast(min));
    }

    /** This key with values in {@code [min, max]}. */
    public Setting between(double min, double max) {
        return withRange(ValueRange.closed(min, max));
    }

    /** This key with a range. */
    public Setting withRange(ValueRange newRange) {
        return new Setting(key, type, defaultValue, description, choices, newRange, secret);
    }

    /** This key with a default. */
    public Setting withDefault(String newDefault) {
        return new Setting(key, type, newDefault, description, choices, range, secret);
    }

    /** This key, masked when shown. */
    public Setting masked() {
        return new Setting(key, type, defaultValue, description, choices, range, true);
    }

    /** Whether {@code candidate} is this key, or an entry below it for a {@link SettingType#MAP}. */
    public boolean matches(String candidate) {
        return type == SettingType.MAP ? candidate.startsWith(key + ".") && candidate.length() > key.length() + 1
                : candidate.equals(key);
    }

    /** What values are accepted, in words ({@code an integer >= 1}). */
    public String expected() {
        return expected(type, choices, range);
    }

    /**
     * Parses and checks a value.
     *
     * @return the typed value: String, Integer, Double, Boolean, Duration or List of String
     * @throws IllegalArgumentException saying what was expected (without the key; callers add key and source)
     */
    public Object parse(String value) {
        return parse(key, type, choices, range, value);
    }

    private static Object parse(String key, SettingType type, List<String> choices, ValueRange range, String raw) {
        requireNonNull(raw, "value is null");
        String v = raw.trim();
        switch (type) {
            case STRING, PATH, MAP:
                return raw;
            case LIST:
                return splitList(v);
            case BOOLEAN:
                if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
                }
                throw invalid(type, choices, range, raw);
            case CHOICE:
                if (!choices.contains(v)) {
                    throw invalid(type, choices, range, raw);
                }
                return v;
            case DURATION:
                return duration(v, raw, type, choices, range);
            case INTEGER: {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw invalid(type, choices, range, raw);
                }
                if (!range.contains(n)) {
                    throw invalid(type, choices, range, raw);
                }
                return n;
            }
            case REAL: {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw invalid(type, choices, range, raw);
                }
                if (!Double.isFinite(d) || !range.contains(d)) {
                    throw invalid(type, choices, range, raw);
                }
                return d;
            }
            default:
                throw new IllegalStateException("type " + type + " of " + key);
        }
    }

    private static Duration duration(String v, String raw, SettingType type, List<String> choices, ValueRange range) {
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(type, choices, range, raw);
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw invalid(type, choices, range, raw);
        }
        return d;
    }

    /** A YAML list's string form, or a comma-separated string, as items. */
    static List<String> splitList(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String item : t.split("\\s*,\\s*")) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    private static IllegalArgumentException invalid(SettingType type, List<String> choices, ValueRange range, String raw) {
        return new IllegalArgumentException("expects " + expected(type, choices, range) + ", was '" + raw + "'");
    }

    private static String expected(SettingType type, List<String> choices, ValueRange range) {
        String base = switch (type) {
            case STRING -> "text";
            case PATH -> "a path";
            case MAP -> "entries <key>.<name>=<value>";
            case LIST -> "a list (YAML list or comma-separated)";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case DURATION -> "a positive duration such as 90s, 30m, 24h, 7d or PT24H";
            case INTEGER -> "an integer";
            case REAL -> "a number";
        };
        return range.equals(ValueRange.ANY) ? base : base + " " + range;
    }
}
