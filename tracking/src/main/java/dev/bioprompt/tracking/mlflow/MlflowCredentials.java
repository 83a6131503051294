package dev.bioprompt.tracking.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials for an MLflow server, from {@code MLFLOW_TRACKING_TOKEN} (Bearer) or
 * {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} (Basic). {@link #toString()} never shows them.
 */
public final class MlflowCredentials {
    private static final MlflowCredentials NONE = new MlflowCredentials(null, null, null);

    private final String token;
    private final String username;
    private final String password;

    private MlflowCredentials(String token, String username, String password) {
        this.token = token;
        this.username = username;
        this.password = password;
    }

    /** No authentication. */
    public static MlflowCredentials none() {
        return NONE;
    }

    public static MlflowCredentials bearer(String token) {
        return new MlflowCredentials(token, null, null);
    }

    public static MlflowCredentials basic(String username, String password) {
        return new MlflowCredentials(null, username, password == null ? "" : password);
    }

    /** Reads the MLflow credential variables; a token wins over a user name. */
    public static MlflowCredentials fromEnvironment(Map<String, String> environment) {
        String token = environment.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isBlank()) {
            return bearer(token);
        }
        String user = environment.get("MLFLOW_TRACKING_USERNAME");
        if (user != null && !user.isBlank()) {
            return basic(user, environment.getOrDefault("MLFLOW_TRACKING_PASSWORD", ""));
        }
        return NONE;
    }

    /** The {@code Authorization} header value, if any. */
    public Optional<String> authorizationHeader() {
        if (token != null) {
            return Optional.of("Bearer " + token);
        }
        if (username != null) {
            String pair = username + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    String token() {
        return token;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    @Override
    public String toString() {
        if (token != null) {
            return "MlflowCredentials[bearer token ****]";
        }
        return username != null ? "MlflowCredentials[basic user=" + username + ", password ****]" : "MlflowCredentials[none]";
    }
}
