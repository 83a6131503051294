package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small typed-JSON client for MLflow's REST API on {@code java.net.http}: connect and request timeouts, retries
 * only for what is retryable (connection errors, timeouts, 429, 5xx), {@link MlflowApiException} at once for any
 * other 4xx, and the credentials in the {@code Authorization} header (never logged).
 */
public final class MlflowRestClient {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI trackingUri;
    private final MlflowCredentials credentials;
    private final Duration requestTimeout;
    private final HttpClient http;

    public MlflowRestClient(URI trackingUri, MlflowCredentials credentials, Duration connectTimeout,
                            Duration requestTimeout) {
        this.trackingUri = stripTrailingSlash(requireNonNull(trackingUri, "trackingUri is null"));
        String scheme = this.trackingUri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("MLflow tracking URI '" + trackingUri + "' is not http(s)");
        }
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null"))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The tracking server, without a trailing slash. */
    public URI trackingUri() {
        return trackingUri;
    }

    /** GET {@code <tracking>/api/2.0/mlflow/<path>?<query>}. */
    public JsonNode get(String path, Map<String, String> query, RetryPolicy retry) {
        URI uri = URI.create(trackingUri + "/api/2.0/mlflow/" + path + queryString(query));
        return json(path, send("GET " + path, () -> request(uri).GET().build(), retry));
    }

    /** POST a JSON body to {@code <tracking>/api/2.0/mlflow/<path>}. */
    public JsonNode post(String path, Object body, RetryPolicy retry) {
        return withBody("POST", path, body, retry);
    }

    /** DELETE with a JSON body, as MLflow's alias deletion accepts. */
    public JsonNode delete(String path, Object body, RetryPolicy retry) {
        return withBody("DELETE", path, body, retry);
    }

    /** PATCH with a JSON body. */
    public JsonNode patch(String path, Object body, RetryPolicy retry) {
        return withBody("PATCH", path, body, retry);
    }

    /** PUT a file's bytes to an absolute URI (the proxied artifact API). */
    public void putFile(URI target, Path file, RetryPolicy retry) {
        send("PUT " + target.getPath(), () -> {
            try {
                return request(target).header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("Artifact file " + file + " does not exist", e);
            }
        }, retry);
    }

    /** GET an absolute URI's bytes (the proxied artifact API). */
    public byte[] getBytes(URI target, RetryPolicy retry) {
        HttpRequest request = request(target).GET().build();
        return sendBytes("GET " + target.getPath(), request, retry);
    }

    private JsonNode withBody(String method, String path, Object body, RetryPolicy retry) {
        String json;
        try {
            json = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode the body of " + method + " " + path, e);
        }
        URI uri = URI.create(trackingUri + "/api/2.0/mlflow/" + path);
        return json(path, send(method + " " + path, () -> request(uri).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), retry));
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("User-Agent", "bioprompt-tracking");
        credentials.authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private String send(String operation, Supplier<HttpRequest> request, RetryPolicy retry) {
        return new String(sendBytes(operation, request.get(), retry), StandardCharsets.UTF_8);
    }

    private byte[] sendBytes(String operation, HttpRequest request, RetryPolicy retry) {
        Exception last = null;
        String lastProblem = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                String body = new String(response.body(), StandardCharsets.UTF_8);
                if (status != 429 && status < 500) {
                    throw apiException(operation, status, body);
                }
                lastProblem = "HTTP " + status + " " + abbreviate(body);
                last = null;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackingUnavailableException("Interrupted during MLflow " + operation, e);
            }
            if (attempt < retry.maxAttempts()) {
                Duration pause = retry.backoff(attempt);
                LOG.debug("MLflow {} failed ({}), retrying in {} ms", operation, lastProblem, pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TrackingUnavailableException("Interrupted during MLflow " + operation, e);
                }
            }
        }
        throw new TrackingUnavailableException("MLflow " + operation + " at " + trackingUri + " failed after "
                + retry.maxAttempts() + " attempt(s): " + lastProblem, last);
    }

    private static MlflowApiException apiException(String operation, int status, String body) {
        String errorCode = "HTTP_" + status;
        String message = abbreviate(body);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("error_code")) {
                errorCode = node.get("error_code").asText();
                message = node.path("message").asText(message);
            }
        } catch (JsonProcessingException e) {
            // not JSON: keep the raw text
        }
        return new MlflowApiException(operation, status, errorCode, message);
    }

    private static JsonNode json(String path, String body) {
        if (body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TrackingUnavailableException("MLflow " + path + " answered with non-JSON: " + abbreviate(body), e);
        }
    }

    static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> joiner.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    private static URI stripTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
