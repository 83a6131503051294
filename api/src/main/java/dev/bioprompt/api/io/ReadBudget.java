package dev.bioprompt.api.io;

/**
 * The resources a checkpoint reader may spend on one file. Each budget is a system property
 * {@code bioprompt.checkpoint.<key>}; {@link ReadLimits#fromSystemProperties()} reads them.
 */
public enum ReadBudget {
    /** Bytes of tensor data a reader holds for one file: inflated zip entries, copied views, safetensors data. */
    MAX_TOTAL_BYTES("max-total-bytes", 16L << 30, "bytes of tensor data held for one file"),
    /** Bytes inflated from a zip checkpoint, as a multiple of the file's size. */
    MAX_INFLATE_RATIO("max-inflate-ratio", 10, "bytes inflated from a zip checkpoint per byte of the file"),
    /** Bytes copied to materialise non-contiguous tensor views, as a multiple of the bytes inflated. */
    MAX_VIEW_COPY_RATIO("max-view-copy-ratio", 2, "bytes copied for non-contiguous views per byte of storage"),
    /** Bytes copied for non-contiguous views beyond {@link #MAX_VIEW_COPY_RATIO} (expanded scalars and the like). */
    VIEW_COPY_SLACK_BYTES("view-copy-slack-bytes", 64L << 20, "bytes copied for views beyond the ratio"),
    /** Tensors in one file. */
    MAX_TENSORS("max-tensors", 1_000_000, "tensors in one file"),
    /** Bytes of a safetensors JSON header. */
    MAX_HEADER_BYTES("max-header-bytes", 100L << 20, "bytes of a safetensors JSON header"),
    /** Pickle opcodes executed. */
    MAX_PICKLE_OPS("max-pickle-ops", 10_000_000, "pickle opcodes executed"),
    /** Pickle memo entries. */
    MAX_PICKLE_MEMO("max-pickle-memo", 1_000_000, "pickle memo entries"),
    /** Values and marks on the pickle stack at once. */
    MAX_PICKLE_STACK("max-pickle-stack", 1_000_000, "values and marks on the pickle stack"),
    /** Nesting depth of pickled containers (tuples, lists, dicts). */
    MAX_PICKLE_DEPTH("max-pickle-depth", 100, "nesting depth of pickled tuples, lists and dicts"),
    /** Items in one pickled tuple, list or dict. */
    MAX_PICKLE_CONTAINER("max-pickle-container", 1_000_000, "items in one pickled tuple, list or dict");

    /** Prefix of the system properties. */
    public static final String PROPERTY_PREFIX = "bioprompt.checkpoint.";

    private final String key;
    private final long defaultValue;
    private final String description;

    ReadBudget(String key, long defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The kebab-case name, e.g. {@code max-total-bytes}. */
    public String key() {
        return key;
    }

    /** The system property that sets it, e.g. {@code bioprompt.checkpoint.max-total-bytes}. */
    public String property() {
        return PROPERTY_PREFIX + key;
    }

    /** The value used when the property is not set. */
    public long defaultValue() {
        return defaultValue;
    }

    /** What it counts, in words. */
    public String description() {
        return description;
    }
}
