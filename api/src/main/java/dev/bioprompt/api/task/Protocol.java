package dev.bioprompt.api.task;

/** The evaluation protocols of the few-shot prompt-tuning literature. */
public enum Protocol {
    /** Train on K shots per class, evaluate on the test split with all classes. */
    FEW_SHOT("few-shot"),
    /** Train on the base half of the classes, evaluate on base and on novel classes, report the harmonic mean. */
    BASE_TO_NOVEL("base-to-novel"),
    /** Train on a source dataset, evaluate the same prompts on target datasets with their own class names. */
    CROSS_DATASET("cross-dataset");

    private final String key;

    Protocol(String key) {
        this.key = key;
    }

    /** The configuration spelling ({@code few-shot}, {@code base-to-novel}, {@code cross-dataset}). */
    public String key() {
        return key;
    }

    /**
     * Parses the configuration spelling.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Protocol fromKey(String key) {
        for (Protocol p : values()) {
            if (p.key.equalsIgnoreCase(key) || p.name().equalsIgnoreCase(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown protocol '" + key + "': expected few-shot, base-to-novel or cross-dataset");
    }
}
