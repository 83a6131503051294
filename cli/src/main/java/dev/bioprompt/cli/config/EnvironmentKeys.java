package dev.bioprompt.cli.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps {@code BIOPROMPT_*} environment variables to configuration keys: the prefix is dropped, a single underscore
 * becomes a dot, a double underscore becomes a dash, and the result is lower-cased. For example
 * {@code BIOPROMPT_METHOD_BIOMED__DPT_LAMBDA__L1} sets {@code method.biomed-dpt.lambda-l1}. A few variables are not
 * settings ({@link #RESERVED}); every other {@code BIOPROMPT_*} variable must name a declared key.
 */
public final class EnvironmentKeys {

    /** The prefix of variables that set configuration keys. */
    public static final String PREFIX = "BIOPROMPT_";

    /**
     * Variables with the prefix that are not settings: the cache fallback, the launcher's JVM options, and what a
     * Kubernetes cell Job passes to {@code run-cell}.
     */
    public static final Set<String> RESERVED = Set.of("BIOPROMPT_CACHE", "BIOPROMPT_JAVA_OPTS", "BIOPROMPT_EXPERIMENT",
            "BIOPROMPT_PARENT_RUN_ID");

    private EnvironmentKeys() {
    }

    /** The configuration key a variable name sets, or null when the variable is not a BioPrompt setting. */
    public static String toKey(String variable) {
        if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length() || RESERVED.contains(variable)) {
            return null;
        }
        String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        return rest.replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
    }

    /** Every BioPrompt setting in an environment, by configuration key. */
    public static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> out = new TreeMap<>();
        environment.forEach((name, value) -> {
            String key = toKey(name);
            if (key != null) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The variable that set each key, by configuration key. */
    public static Map<String, String> variables(Map<String, String> environment) {
        Map<String, String> out = new TreeMap<>();
        environment.keySet().forEach(name -> {
            String key = toKey(name);
            if (key != null) {
                out.put(key, name);
            }
        });
        return out;
    }
}
