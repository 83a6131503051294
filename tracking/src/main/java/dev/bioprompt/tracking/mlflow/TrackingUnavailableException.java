package dev.bioprompt.tracking.mlflow;

/** The server could not be reached, timed out, or answered 429/5xx after the allowed retries. */
public final class TrackingUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrackingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
