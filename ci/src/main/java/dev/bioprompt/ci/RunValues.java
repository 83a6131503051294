package dev.bioprompt.ci;

import dev.bioprompt.api.tracking.RunRecord;

/** Reading the params the gate cares about from run records. */
final class RunValues {

    static final String DATASET = "dataset";
    static final String SEED = "seed";
    static final String METHOD = "method";
    static final String PROTOCOL = "protocol";
    static final String SHOTS = "shots";
    static final String PARENT_TAG = "mlflow.parentRunId";

    private RunValues() {
    }

    /** Trims and writes whole numbers without a fraction, so {@code 16}, {@code "16"} and {@code 16.0} match. */
    static String normalize(String value) {
        String v = value.trim();
        try {
            double d = Double.parseDouble(v);
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        } catch (NumberFormatException e) {
            // not a number: compare as text
        }
        return v;
    }

    /** A run param, normalised, or null. */
    static String param(RunRecord run, String key) {
        String v = run.params().get(key);
        return v == null ? null : normalize(v);
    }

    static String dataset(RunRecord run) {
        String d = run.params().get(DATASET);
        return d == null || d.isBlank() ? "(no dataset)" : d.trim();
    }
}
