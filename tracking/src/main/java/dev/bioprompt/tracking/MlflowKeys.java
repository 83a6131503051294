package dev.bioprompt.tracking;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key and value rules an MLflow tracking server enforces ({@code mlflow/utils/validation.py}), checked on the
 * client so that a bad name fails at once with a message naming the key, instead of as a server error later.
 */
public final class MlflowKeys {
    /** Longest metric, param or tag key the server accepts. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest param value the server stores; longer values are truncated. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    /** Longest run tag value the server stores; longer values are truncated. */
    public static final int MAX_TAG_VALUE_LENGTH = 8000;

    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Logger LOG = LoggerFactory.getLogger(MlflowKeys.class);

    private MlflowKeys() {
    }

    /**
     * Checks a metric, param or tag key.
     *
     * @param kind what the key names ({@code "metric"}, {@code "param"}, {@code "tag"}), used in the message
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static void validateKey(String kind, String key) {
        requireNonNull(kind, "kind is null");
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Invalid " + kind + " name: the name is empty; expected 1 to "
                    + MAX_KEY_LENGTH + " characters");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("Invalid " + kind + " name '" + abbreviate(key) + "': "
                    + key.length() + " characters, at most " + MAX_KEY_LENGTH + " are allowed");
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Invalid " + kind + " name '" + key + "': names may only contain "
                    + "alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon (:) and slashes (/)");
        }
        if (!isNormalPath(key)) {
            throw new IllegalArgumentException("Invalid " + kind + " name '" + key + "': the name must be a normalized "
                    + "relative path (no leading or trailing '/', no '//', no '.' or '..' segments)");
        }
    }

    /** A param value as the server stores it: values over {@value #MAX_PARAM_VALUE_LENGTH} chars are truncated. */
    public static String paramValue(String key, String value) {
        requireNonNull(value, () -> "value of param '" + key + "' is null");
        if (value.length() <= MAX_PARAM_VALUE_LENGTH) {
            return value;
        }
        LOG.warn("Param '{}' value is {} characters long; truncated to {} as the MLflow server does",
                key, value.length(), MAX_PARAM_VALUE_LENGTH);
        return value.substring(0, MAX_PARAM_VALUE_LENGTH);
    }

    /** A tag value as the server stores it: values over {@value #MAX_TAG_VALUE_LENGTH} chars are truncated. */
    public static String tagValue(String key, String value) {
        requireNonNull(value, () -> "value of tag '" + key + "' is null");
        if (value.length() <= MAX_TAG_VALUE_LENGTH) {
            return value;
        }
        LOG.warn("Tag '{}' value is {} characters long; truncated to {} as the MLflow server does",
                key, value.length(), MAX_TAG_VALUE_LENGTH);
        return value.substring(0, MAX_TAG_VALUE_LENGTH);
    }

    /** Python's {@code posixpath.normpath(key) == key} for the keys that pass the character rule. */
    private static boolean isNormalPath(String key) {
        if (key.startsWith("/") || key.endsWith("/")) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String key) {
        return key.length() <= 40 ? key : key.substring(0, 40) + "...";
    }
}
