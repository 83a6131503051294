package dev.bioprompt.api.tracking;

/**
 * A {@link Tracker} that can reopen a run it created earlier, so that a job interrupted by a crash or a
 * cancellation continues logging into the same run when it resumes (instead of leaving a dangling run and starting
 * a duplicate).
 */
public interface ResumableTracker extends Tracker {

    /**
     * Reopens an existing run: its status becomes {@link RunStatus#RUNNING} again and the returned handle logs into
     * it. Parameters logged before stay (they are immutable); logging the same parameter again with the same value
     * is allowed.
     *
     * @param runId a run id this store returned earlier
     * @return a handle on the reopened run
     * @throws IllegalArgumentException when the store has no such run
     */
    TrackedRun resumeRun(String runId);
}
