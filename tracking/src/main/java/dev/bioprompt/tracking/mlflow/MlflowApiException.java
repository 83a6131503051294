package dev.bioprompt.tracking.mlflow;

/** The server rejected a request (a 4xx other than 429): retrying cannot help. */
public final class MlflowApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;

    public MlflowApiException(String operation, int statusCode, String errorCode, String message) {
        super("MLflow " + operation + " failed: HTTP " + statusCode + " " + errorCode + ": " + message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /** MLflow's error code ({@code RESOURCE_DOES_NOT_EXIST}, {@code INVALID_PARAMETER_VALUE}, ...). */
    public String errorCode() {
        return errorCode;
    }

    /** Whether the server refused the credentials (HTTP 401 or 403): expired or revoked, not an outage. */
    public boolean credentialsRefused() {
        return statusCode == 401 || statusCode == 403;
    }
}
