package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A pod toleration (so cells can land on tainted GPU nodes).
 *
 * @param key the taint key ({@code nvidia.com/gpu})
 * @param operator {@code Exists} or {@code Equal}
 * @param value the taint value for {@code Equal} (empty for {@code Exists})
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule}, {@code NoExecute}, or empty for all
 */
public record JobToleration(String key, String operator, String value, String effect) {
    private static final Set<String> OPERATORS = Set.of("Exists", "Equal");
    private static final Set<String> EFFECTS = Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");

    public JobToleration {
        requireNonNull(key, "key is null");
        requireNonNull(operator, "operator is null");
        requireNonNull(value, "value is null");
        requireNonNull(effect, "effect is null");
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("toleration " + key + ": operator '" + operator
                    + "' is not Exists or Equal");
        }
        if (!EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("toleration " + key + ": effect '" + effect
                    + "' is not NoSchedule, PreferNoSchedule, NoExecute or empty");
        }
        if (operator.equals("Exists") && !value.isEmpty()) {
            throw new IllegalArgumentException("toleration " + key + ": operator Exists takes no value");
        }
    }

    /** Tolerates the usual NVIDIA GPU node taint ({@code nvidia.com/gpu}, any value, {@code NoSchedule}). */
    public static JobToleration nvidiaGpu() {
        return new JobToleration("nvidia.com/gpu", "Exists", "", "NoSchedule");
    }
}
