package dev.bioprompt.tracking.mlflow;

/** The MLflow model registry could not be brought in step with the prompt-set registry; the message says why. */
public final class ModelRegistryMirrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelRegistryMirrorException(String message) {
        super(message);
    }

    public ModelRegistryMirrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
