package dev.bioprompt.runners.config;

/**
 * The sweep keys of an experiment YAML (top level): the matrix axes and the cross-dataset targets. A list value of
 * any other key is a matrix axis too. The top-level {@code experiment} is {@link TrackingKeys#EXPERIMENT}. Add a key
 * with one line here; {@link SettingsSchema} finds it.
 */
public final class SweepKeys {

    public static final Setting METHODS = Setting.list("methods", null, "methods of the sweep (a matrix axis)");
    public static final Setting METHOD = Setting.list("method", null, "same as methods");
    public static final Setting DATASETS = Setting.list("datasets", null, "datasets of the sweep (a matrix axis)");
    public static final Setting DATASET = Setting.list("dataset", null, "same as datasets");
    public static final Setting PROTOCOL = Setting.choice("protocol", "few-shot", "the evaluation protocol",
            "few-shot", "base-to-novel", "cross-dataset");
    public static final Setting PROTOCOLS = Setting.choice("protocols", null, "same as protocol (a matrix axis)",
            "few-shot", "base-to-novel", "cross-dataset");
    public static final Setting SHOTS = Setting.integer("shots", 16, "shots per class, K (a matrix axis)").atLeast(1);
    public static final Setting SEEDS = Setting.integer("seeds", null, "seeds (a matrix axis); default 1, 2, 3");
    public static final Setting SEED = Setting.integer("seed", null, "same as seeds");
    public static final Setting TARGETS = Setting.list("targets", null,
            "target datasets of the cross-dataset protocol (not a matrix axis)");
    /** The top-level YAML spelling of {@link TrackingKeys#EXPERIMENT}. */
    public static final String EXPERIMENT_ALIAS = "experiment";
    /** Set by the sweep expander on cells that differ in a setting; never by users. */
    public static final Setting CELL_ID = Setting.text("sweep.cell-id", null,
            "the id of a sweep cell whose settings vary (set by the sweep expander)");

    private SweepKeys() {
    }
}
