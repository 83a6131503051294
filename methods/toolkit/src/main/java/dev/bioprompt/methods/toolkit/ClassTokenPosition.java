package dev.bioprompt.methods.toolkit;

import java.util.Locale;

/** Where the class-name tokens sit relative to the learnable context. */
public enum ClassTokenPosition {
    /** {@code [CLS] ctx class . [SEP]}. */
    END,
    /** {@code [CLS] ctx_1..ctx_h class ctx_h+1..ctx_n . [SEP]} with {@code h = n / 2}. */
    MIDDLE,
    /** {@code [CLS] class ctx . [SEP]}. */
    FRONT;

    /** The configuration spelling. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the configuration spelling. */
    public static ClassTokenPosition fromKey(String key) {
        for (ClassTokenPosition p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("class-token-position must be one of end, middle, front, was '" + key + "'");
    }
}
