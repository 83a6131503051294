package dev.bioprompt.runners.config;

import java.util.Locale;

/** The value type of a configuration {@link Setting}. */
public enum SettingType {
    /** Free text. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** A floating-point number. */
    REAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A file or folder path (resolved against the working directory). */
    PATH,
    /** One word of a fixed set. */
    CHOICE,
    /** A duration such as {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code PT24H} or plain seconds. */
    DURATION,
    /** A list (a YAML list or a comma-separated string). */
    LIST,
    /** Free-form entries below the key: {@code <key>.<name>=<value>}. */
    MAP;

    /** The word used in messages and in {@code bioprompt config keys}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
