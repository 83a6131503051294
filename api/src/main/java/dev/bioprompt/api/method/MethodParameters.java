package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved parameter values of one method run: defaults, overridden by the per-dataset preset, overridden by the
 * user's configuration. Values are already parsed and typed.
 */
public final class MethodParameters {

    private final Map<String, Object> values;

    private MethodParameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Resolves values for a method.
     *
     * @param declared the method's declared parameters
     * @param overrides raw values by parameter key (preset first, then user; later wins); unknown keys are an error
     * @throws IllegalArgumentException naming an unknown key or a badly typed value
     */
    public static MethodParameters resolve(String methodName, List<MethodParameter> declared,
                                           List<Map<String, String>> overrides) {
        Map<String, MethodParameter> byKey = new LinkedHashMap<>();
        declared.forEach(p -> byKey.put(p.key(), p));
        Map<String, Object> values = new LinkedHashMap<>();
        declared.forEach(p -> values.put(p.key(), p.defaultValue()));
        for (Map<String, String> layer : overrides) {
            layer.forEach((key, raw) -> {
                MethodParameter p = byKey.get(key);
                if (p == null) {
                    throw new IllegalArgumentException("unknown parameter 'method." + methodName + "." + key
                            + "': " + methodName + " accepts " + byKey.keySet());
                }
                try {
                    values.put(key, p.parse(raw));
                } catch (IllegalArgumentException e) {
                    String detail = String.valueOf(e.getMessage());
                    String own = "'" + key + "' ";
                    throw new IllegalArgumentException("parameter 'method." + methodName + "." + key + "' "
                            + (detail.startsWith(own) ? detail.substring(own.length()) : detail), e);
                }
            });
        }
        return new MethodParameters(values);
    }

    /** Values given directly (tests and tools). */
    public static MethodParameters of(Map<String, Object> values) {
        return new MethodParameters(requireNonNull(values, "values is null"));
    }

    /** An integer value; an error naming the key when the value is not an integer. */
    public int getInt(String key) {
        Object v = require(key);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        throw wrongType(key, v, "an integer");
    }

    /** A number; an error naming the key when the value is not a number. */
    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, v, "a number");
    }

    /** A boolean; an error naming the key when the value is not true or false. */
    public boolean getBoolean(String key) {
        Object v = require(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, v, "true or false");
    }

    private static IllegalArgumentException wrongType(String key, Object v, String expected) {
        return new IllegalArgumentException("parameter '" + key + "' expects " + expected + ", was '" + v + "' ("
                + v.getClass().getSimpleName() + ")");
    }

    public String getString(String key) {
        return String.valueOf(require(key));
    }

    /** All values, sorted by key, as strings (what is logged as run parameters). */
    public Map<String, String> asStrings() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + key + "'; known: " + values.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
