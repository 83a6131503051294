package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The writes and reads of MLflow's model registry that mirroring a prompt-set registry needs. The MLflow Java
 * client's registry API is read-only, so these are our own typed REST calls (timeouts, retries only for
 * retryable failures).
 */
public final class MlflowModelRegistryClient {
    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]{1,255}$");
    private static final Pattern VERSION_LIKE = Pattern.compile("^[vV]\\d+$");

    private final MlflowRestClient rest;
    private final RetryPolicy retry;

    public MlflowModelRegistryClient(MlflowRestClient rest, RetryPolicy retry) {
        this.rest = requireNonNull(rest, "rest is null");
        this.retry = requireNonNull(retry, "retry is null");
    }

    /** A client for the server at {@code trackingUri} with 5 s connect / 30 s request timeouts and default retries. */
    public static MlflowModelRegistryClient create(URI trackingUri, MlflowCredentials credentials) {
        return new MlflowModelRegistryClient(new MlflowRestClient(trackingUri, credentials, Duration.ofSeconds(5),
                Duration.ofSeconds(30)), RetryPolicy.defaults());
    }

    /** Creates a registered model; an existing one with that name is fine (RESOURCE_ALREADY_EXISTS). */
    public void createRegisteredModel(String name, String description, Map<String, String> tags) {
        requireNonNull(name, "name is null");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        body.set("tags", pairs(tags == null ? Map.of() : tags));
        try {
            rest.post("registered-models/create", body, retry);
        } catch (MlflowApiException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    /** Registers a new version of a model from files at {@code source}. */
    public ModelVersionInfo createModelVersion(String name, String source, String runId, String description,
                                               Map<String, String> tags) {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("source", source);
        if (runId != null) {
            body.put("run_id", runId);
        }
        if (description != null) {
            body.put("description", description);
        }
        body.set("tags", pairs(tags == null ? Map.of() : tags));
        return ModelVersionInfo.fromJson(rest.post("model-versions/create", body, retry).path("model_version"));
    }

    /** Sets (or replaces) a tag of a model version. */
    public void setModelVersionTag(String name, String version, String key, String value) {
        rest.post("model-versions/set-tag", JsonNodeFactory.instance.objectNode().put("name", requireNonNull(name,
                "name is null")).put("version", requireNonNull(version, "version is null"))
                .put("key", requireNonNull(key, "key is null")).put("value", requireNonNull(value, "value is null")),
                retry);
    }

    /** Whether the tracking server knows a run (so that a model version may name it as its run). */
    public boolean runExists(String runId) {
        if (runId == null || runId.isBlank()) {
            return false;
        }
        try {
            rest.get("runs/get", Map.of("run_id", runId), retry);
            return true;
        } catch (MlflowApiException e) {
            if (e.statusCode() == 404 || e.statusCode() == 400 || "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return false;
            }
            throw e;
        }
    }

    /** The server this client talks to. */
    public URI trackingUri() {
        return rest.trackingUri();
    }

    /** Points {@code alias} at {@code version}. */
    public void setAlias(String name, String alias, String version) {
        checkAlias(alias);
        rest.post("registered-models/alias", JsonNodeFactory.instance.objectNode().put("name", name)
                .put("alias", alias).put("version", requireNonNull(version, "version is null")), retry);
    }

    /** Removes an alias. */
    public void deleteAlias(String name, String alias) {
        checkAlias(alias);
        rest.delete("registered-models/alias", JsonNodeFactory.instance.objectNode().put("name", name)
                .put("alias", alias), retry);
    }

    /** The version an alias points at; empty when the model or the alias does not exist. */
    public Optional<ModelVersionInfo> getModelVersionByAlias(String name, String alias) {
        checkAlias(alias);
        try {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("name", name);
            query.put("alias", alias);
            return Optional.of(ModelVersionInfo.fromJson(
                    rest.get("registered-models/alias", query, retry).path("model_version")));
        } catch (MlflowApiException e) {
            if (e.statusCode() == 404 || "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Model versions matching an MLflow filter ({@code name='btmri'}), all pages. */
    public List<ModelVersionInfo> searchModelVersions(String filter) {
        return MlflowPages.all(token -> {
            Map<String, String> query = new LinkedHashMap<>();
            if (filter != null && !filter.isEmpty()) {
                query.put("filter", filter);
            }
            query.put("max_results", "1000");
            if (!token.isEmpty()) {
                query.put("page_token", token);
            }
            return rest.get("model-versions/search", query, retry);
        }, "model_versions", ModelVersionInfo::fromJson);
    }

    private static void checkAlias(String alias) {
        requireNonNull(alias, "alias is null");
        if (!ALIAS.matcher(alias).matches() || alias.equalsIgnoreCase("latest") || VERSION_LIKE.matcher(alias).matches()) {
            throw new IllegalArgumentException("Invalid alias '" + alias + "': expected 1 to 255 letters, digits, '_' "
                    + "or '-', not 'latest' and not of the form v<number>");
        }
    }

    private static ArrayNode pairs(Map<String, String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
        return array;
    }
}
