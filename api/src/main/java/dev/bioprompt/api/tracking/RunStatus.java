package dev.bioprompt.api.tracking;

/** Terminal and running states of a tracked run (the MLflow vocabulary). */
public enum RunStatus {
    RUNNING, FINISHED, FAILED, KILLED
}
