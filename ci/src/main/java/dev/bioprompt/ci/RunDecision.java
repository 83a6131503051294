package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

/**
 * Whether the gate counted one run, and why: every run behind the candidate and the champion gets one, so a report
 * says which runs were considered and why any were left out.
 *
 * @param role {@code candidate} or {@code champion}
 * @param runId the run
 * @param dataset the run's dataset, or {@code ""} when unknown
 * @param seed the run's seed, or {@code ""} when unknown
 * @param counted whether its metric is part of the comparison
 * @param reason for a counted run its metric value ({@code hm=71.250}); for a run left out, why
 */
public record RunDecision(String role, String runId, String dataset, String seed, boolean counted, String reason) {

    /** The role of the candidate's runs. */
    public static final String CANDIDATE = "candidate";
    /** The role of the champion's runs. */
    public static final String CHAMPION = "champion";

    public RunDecision {
        requireNonNull(role, "role is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(seed, "seed is null");
        requireNonNull(reason, "reason is null");
    }

    /** A run left out before the gate looked at it (for example a sweep's parent run). */
    public static RunDecision leftOut(String role, String runId, String reason) {
        return new RunDecision(role, runId, "", "", false, reason);
    }
}
