package dev.bioprompt.tracking.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for an MLflow tracking server (2.17/3.x REST shapes) on {@code 127.0.0.1}: experiments,
 * runs, params, metrics, tags, search, metric history, the proxied artifact API and the model-registry subset the
 * project uses. It validates requests as the real server does (key characters and lengths, batch limits, body
 * size, unknown run ids give 404 RESOURCE_DOES_NOT_EXIST, a changed param gives 400) and keeps everything in memory,
 * across {@link #stop()} and {@link #restart()} on the same port, so outage handling can be tested.
 *
 * <p>Unlike MLflow's SQL store, it keeps duplicate metric points, so a test sees any duplicate a client sends.
 */
public final class InProcessMlflowServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");
    private static final Pattern FILTER = Pattern.compile(
            "^\\s*(tags|params|attributes)\\.(`[^`]+`|\"[^\"]+\"|[\\w.]+)\\s*=\\s*'([^']*)'\\s*$");
    private static final Pattern NAME_FILTER = Pattern.compile("^\\s*(name|run_id)\\s*=\\s*'([^']*)'\\s*$");
    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new TreeMap<>();
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final Map<String, Integer> requestCounts = new HashMap<>();
    private final List<String> authorizationHeaders = new ArrayList<>();
    private HttpServer server;
    private int port;
    private int nextExperimentId = 1;
    private int failNext;
    private int failStatus = 503;
    private int dropResponses;
    private String artifactRoot = "mlflow-artifacts:/";
    private String requiredAuthorization;
    private String sourceValidationRegex;

    public InProcessMlflowServer() {
        long now = System.currentTimeMillis();
        experiments.put("0", new Experiment("0", "Default", artifactRoot + "0", now));
    }

    /** Starts on a free port of 127.0.0.1 (the first time) or on the port it had before. */
    public synchronized InProcessMlflowServer start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind 127.0.0.1:" + port, e);
        }
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /** Stops answering (connections are refused); the stored data stays. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Stops and starts again on the same port, keeping the stored data. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public synchronized URI uri() {
        if (port == 0) {
            throw new IllegalStateException("The server has not been started");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The next {@code count} requests get {@code status} (e.g. 503) without being processed. */
    public synchronized void failNextRequests(int count, int status) {
        this.failNext = count;
        this.failStatus = status;
    }

    /** The next {@code count} requests are processed, but answered 503 (a response lost after the write). */
    public synchronized void dropNextResponses(int count) {
        this.dropResponses = count;
    }

    /** Requests without exactly this {@code Authorization} header get 401. */
    public synchronized void requireAuthorization(String headerValue) {
        this.requiredAuthorization = headerValue;
    }

    /** The artifact root new experiments get (default {@code mlflow-artifacts:/}; e.g. a {@code file:} URI). */
    public synchronized void artifactRoot(String root) {
        this.artifactRoot = root.endsWith("/") || root.endsWith(":") ? root : root + "/";
    }

    /**
     * As a server started with {@code MLFLOW_CREATE_MODEL_VERSION_SOURCE_VALIDATION_REGEX}: model-version sources the
     * pattern does not find are refused (null: no pattern, the default).
     */
    public synchronized void sourceValidationRegex(String regex) {
        this.sourceValidationRegex = regex;
    }

    /** How many requests reached {@code path} (e.g. {@code runs/log-batch}, {@code mlflow-artifacts}). */
    public synchronized int requestCount(String path) {
        return requestCounts.getOrDefault(path, 0);
    }

    /** Every {@code Authorization} header received (null entries for requests without one). */
    public synchronized List<String> authorizationHeaders() {
        return List.copyOf(authorizationHeaders);
    }

    /** A stored run. */
    public synchronized Optional<StoredRun> run(String runId) {
        Run run = runs.get(runId);
        return run == null ? Optional.empty() : Optional.of(run.snapshot());
    }

    /** Creates an experiment as {@code experiments/create} does, without a request; returns its id. */
    public synchronized String createExperiment(String name) {
        createExperiment(NODES.objectNode().put("name", name));
        return Integer.toString(nextExperimentId - 1);
    }

    /** The stored runs of an experiment by name. */
    public synchronized List<StoredRun> runsOf(String experimentName) {
        return runs.values().stream()
                .filter(r -> experiments.get(r.experimentId).name.equals(experimentName))
                .map(Run::snapshot).toList();
    }

    /** The bytes stored by the proxied artifact API at a path ({@code <exp>/<run>/artifacts/<file>}). */
    public synchronized Optional<byte[]> artifact(String path) {
        return Optional.ofNullable(artifacts.get(path)).map(byte[]::clone);
    }

    /** All paths stored by the proxied artifact API. */
    public synchronized List<String> artifactPaths() {
        return List.copyOf(artifacts.keySet());
    }

    /** A run as stored: every metric point in arrival order. */
    public record StoredRun(String runId, String experimentId, String runName, String status, Long endTime,
                            String artifactUri, Map<String, String> params, Map<String, String> tags,
                            List<StoredMetric> metrics) {
    }

    /** One stored metric point. */
    public record StoredMetric(String key, double value, long timestamp, long step) {
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Response response;
            boolean drop;
            synchronized (this) {
                String path = exchange.getRequestURI().getPath();
                String counted = path.startsWith(API) ? path.substring(API.length())
                        : path.startsWith(ARTIFACTS) ? "mlflow-artifacts" : path;
                requestCounts.merge(counted, 1, Integer::sum);
                authorizationHeaders.add(exchange.getRequestHeaders().getFirst("Authorization"));
                if (failNext > 0) {
                    failNext--;
                    response = Response.error(failStatus, "TEMPORARILY_UNAVAILABLE", "injected failure");
                    drop = false;
                } else if (requiredAuthorization != null
                        && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    response = Response.error(401, "UNAUTHENTICATED", "credentials required");
                    drop = false;
                } else {
                    response = route(exchange.getRequestMethod(), exchange.getRequestURI(), body);
                    drop = dropResponses > 0;
                    if (drop) {
                        dropResponses--;
                    }
                }
            }
            if (drop) {
                response = Response.error(503, "TEMPORARILY_UNAVAILABLE", "response lost after processing");
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType);
            exchange.sendResponseHeaders(response.status, response.body.length == 0 ? -1 : response.body.length);
            if (response.body.length > 0) {
                exchange.getResponseBody().write(response.body);
            }
        }
    }

    private Response route(String method, URI uri, byte[] body) {
        String path = uri.getPath();
        Map<String, String> query = query(uri.getRawQuery());
        try {
            if (path.startsWith(ARTIFACTS)) {
                return artifactsApi(method, path.substring(ARTIFACTS.length()), query, body);
            }
            if (!path.startsWith(API)) {
                return Response.error(404, "ENDPOINT_NOT_FOUND", "No such endpoint " + path);
            }
            String endpoint = method + " " + path.substring(API.length());
            JsonNode json = method.equals("GET") ? NODES.objectNode() : parse(body);
            if (method.equals("DELETE") && json.isEmpty()) {
                ObjectNode fromQuery = NODES.objectNode();
                query.forEach(fromQuery::put);
                json = fromQuery;
            }
            return switch (endpoint) {
                case "GET experiments/get-by-name" -> getExperimentByName(query);
                case "GET experiments/get" -> getExperiment(query);
                case "POST experiments/create" -> createExperiment(json);
                case "POST experiments/search" -> searchExperiments(json);
                case "POST runs/create" -> createRun(json);
                case "GET runs/get" -> Response.ok(NODES.objectNode().set("run", requireRun(query.get("run_id")).toJson()));
                case "POST runs/update" -> updateRun(json);
                case "POST runs/log-batch" -> logBatch(json, body.length);
                case "POST runs/log-metric" -> logMetric(json);
                case "POST runs/log-parameter" -> logParameter(json);
                case "POST runs/set-tag" -> setTag(json);
                case "POST runs/search" -> searchRuns(json);
                case "GET metrics/get-history" -> metricHistory(query);
                case "POST registered-models/create" -> createModel(json);
                case "GET registered-models/get" -> Response.ok(NODES.objectNode().set("registered_model",
                        requireModel(query.get("name")).toJson()));
                case "POST model-versions/create" -> createVersion(json);
                case "GET model-versions/get" -> Response.ok(NODES.objectNode().set("model_version",
                        requireVersion(query.get("name"), query.get("version")).toJson()));
                case "GET model-versions/search" -> searchVersions(query);
                case "POST model-versions/set-tag" -> setVersionTag(json);
                case "POST registered-models/alias" -> setAlias(json);
                case "GET registered-models/alias" -> getAlias(query);
                case "DELETE registered-models/alias" -> deleteAlias(json);
                default -> Response.error(404, "ENDPOINT_NOT_FOUND", "No such endpoint " + endpoint);
            };
        } catch (ApiError e) {
            return Response.error(e.status, e.code, e.getMessage());
        } catch (ModelVersionSourceRules.Refused e) {
            return Response.error(e.status, e.code, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- experiments

    private Response getExperimentByName(Map<String, String> query) {
        String name = required(query, "experiment_name");
        return experiments.values().stream().filter(e -> e.name.equals(name)).findFirst()
                .map(e -> Response.ok(NODES.objectNode().set("experiment", e.toJson())))
                .orElseThrow(() -> new ApiError(404, "RESOURCE_DOES_NOT_EXIST",
                        "Could not find experiment with name '" + name + "'"));
    }

    private Response getExperiment(Map<String, String> query) {
        Experiment experiment = experiments.get(required(query, "experiment_id"));
        if (experiment == null) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + query.get("experiment_id"));
        }
        return Response.ok(NODES.objectNode().set("experiment", experiment.toJson()));
    }

    private Response createExperiment(JsonNode json) {
        String name = text(json, "name");
        if (name.isEmpty() || name.length() > 500) {
            throw invalid("Invalid experiment name: '" + name + "'");
        }
        if (experiments.values().stream().anyMatch(e -> e.name.equals(name))) {
            throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", "Experiment(name=" + name + ") already exists.");
        }
        String id = Integer.toString(nextExperimentId++);
        String location = json.hasNonNull("artifact_location") ? json.get("artifact_location").asText() : artifactRoot + id;
        experiments.put(id, new Experiment(id, name, location, System.currentTimeMillis()));
        return Response.ok(NODES.objectNode().put("experiment_id", id));
    }

    /**
     * MLflow's {@code experiments/search}: {@code max_results} from 1 to 50000 (default 1000), {@code view_type} by name
     * or number, an opaque page token; newest first, then by id. This server has no deleted experiments and no filter
     * language (a filter is refused).
     */
    private Response searchExperiments(JsonNode json) {
        JsonNode max = json.path("max_results");
        boolean integral = max.isMissingNode() || max.canConvertToInt() && max.isIntegralNumber()
                || max.isTextual() && max.asText().matches("-?\\d{1,9}");
        int maxResults = max.isMissingNode() ? 1000 : max.asInt();
        if (!integral || maxResults < 1) {
            throw invalid("Invalid value " + max + " for parameter 'max_results' supplied. It must be a positive "
                    + "integer");
        }
        if (maxResults > 50_000) {
            throw invalid("Invalid value " + maxResults + " for parameter 'max_results' supplied. It must be at most 50000");
        }
        String viewType = json.path("view_type").asText("ACTIVE_ONLY");
        if (!List.of("ACTIVE_ONLY", "DELETED_ONLY", "ALL", "1", "2", "3").contains(viewType)) {
            throw invalid("Invalid value \"" + viewType + "\" for parameter 'view_type' supplied.");
        }
        if (!json.path("filter").asText("").isBlank()) {
            throw invalid("Unsupported filter for this test server: '" + json.get("filter").asText() + "'");
        }
        List<Experiment> matches = new ArrayList<>();
        if (!viewType.equals("DELETED_ONLY") && !viewType.equals("2")) {
            matches.addAll(experiments.values());
        }
        matches.sort(Comparator.comparingLong(Experiment::creationTime).reversed()
                .thenComparing(e -> Integer.parseInt(e.id())));
        int offset = pageOffset(json);
        ObjectNode response = NODES.objectNode();
        List<Experiment> page = matches.stream().skip(offset).limit(maxResults).toList();
        if (!page.isEmpty()) {
            ArrayNode array = response.putArray("experiments");
            page.forEach(e -> array.add(e.toJson()));
        }
        if (offset + maxResults < matches.size()) {
            response.put("next_page_token", Integer.toString(offset + maxResults));
        }
        return Response.ok(response);
    }

    private static int pageOffset(JsonNode json) {
        String token = json.path("page_token").asText("");
        if (token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw invalid("Invalid page token, could not base64-decode");
        }
    }

    // ---------------------------------------------------------------- runs

    private Response createRun(JsonNode json) {
        String experimentId = json.path("experiment_id").asText("0");
        Experiment experiment = experiments.get(experimentId);
        if (experiment == null) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId);
        }
        String runId = UUID.randomUUID().toString().replace("-", "");
        Run run = new Run(runId, experimentId, json.path("run_name").asText(""),
                json.path("start_time").asLong(System.currentTimeMillis()),
                experiment.artifactLocation + "/" + runId + "/artifacts", json.path("user_id").asText(""));
        for (JsonNode tag : json.path("tags")) {
            String key = tag.path("key").asText();
            validateKey("tag", key);
            run.tags.put(key, truncate(tag.path("value").asText(), 8000));
        }
        if (run.runName.isEmpty()) {
            run.runName = run.tags.getOrDefault("mlflow.runName", "run-" + runId.substring(0, 8));
        }
        run.tags.put("mlflow.runName", run.runName);
        runs.put(runId, run);
        return Response.ok(NODES.objectNode().set("run", run.toJson()));
    }

    private Response updateRun(JsonNode json) {
        Run run = requireRun(text(json, "run_id"));
        if (json.hasNonNull("status")) {
            String status = json.get("status").asText();
            if (!List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
                throw invalid("Invalid run status '" + status + "'");
            }
            run.status = status;
        }
        // as MLflow's stores do: the end time is replaced, by null when the request has none
        run.endTime = json.hasNonNull("end_time") ? json.get("end_time").asLong() : null;
        if (json.hasNonNull("run_name")) {
            run.runName = json.get("run_name").asText();
            run.tags.put("mlflow.runName", run.runName);
        }
        return Response.ok(NODES.objectNode().set("run_info", run.infoJson()));
    }

    private Response logBatch(JsonNode json, int bodyBytes) {
        if (bodyBytes > 1_000_000) {
            throw invalid("Batched logging API requests must be at most 1000000 bytes, got " + bodyBytes);
        }
        Run run = requireRun(text(json, "run_id"));
        JsonNode metrics = json.path("metrics");
        JsonNode params = json.path("params");
        JsonNode tags = json.path("tags");
        if (metrics.size() > 1000) {
            throw invalid("A batch logging request can contain at most 1000 metrics. Got " + metrics.size()
                    + " metrics. Please split up metrics across multiple requests and try again.");
        }
        if (params.size() > 100) {
            throw invalid("A batch logging request can contain at most 100 params. Got " + params.size()
                    + " params. Please split up params across multiple requests and try again.");
        }
        if (tags.size() > 100) {
            throw invalid("A batch logging request can contain at most 100 tags. Got " + tags.size()
                    + " tags. Please split up tags across multiple requests and try again.");
        }
        int total = metrics.size() + params.size() + tags.size();
        if (total > 1000) {
            throw invalid("A batch logging request can contain at most 1000 metrics, params, and tags. Got " + total
                    + ". Please split up metrics, params, and tags across multiple requests and try again.");
        }
        List<StoredMetric> newMetrics = new ArrayList<>();
        for (JsonNode metric : metrics) {
            newMetrics.add(metric(metric));
        }
        Map<String, String> newParams = new LinkedHashMap<>();
        for (JsonNode param : params) {
            String key = param.path("key").asText();
            validateKey("param", key);
            String value = truncate(param.path("value").asText(), 6000);
            checkParam(run, key, value);
            newParams.put(key, value);
        }
        Map<String, String> newTags = new LinkedHashMap<>();
        for (JsonNode tag : tags) {
            String key = tag.path("key").asText();
            validateKey("tag", key);
            newTags.put(key, truncate(tag.path("value").asText(), 8000));
        }
        run.metrics.addAll(newMetrics);
        run.params.putAll(newParams);
        run.tags.putAll(newTags);
        return Response.ok(NODES.objectNode());
    }

    private Response logMetric(JsonNode json) {
        Run run = requireRun(text(json, "run_id"));
        run.metrics.add(metric(json));
        return Response.ok(NODES.objectNode());
    }

    private Response logParameter(JsonNode json) {
        Run run = requireRun(text(json, "run_id"));
        String key = text(json, "key");
        validateKey("param", key);
        String value = truncate(json.path("value").asText(), 6000);
        checkParam(run, key, value);
        run.params.put(key, value);
        return Response.ok(NODES.objectNode());
    }

    private Response setTag(JsonNode json) {
        Run run = requireRun(json.path("run_id").asText(json.path("run_uuid").asText()));
        String key = text(json, "key");
        validateKey("tag", key);
        run.tags.put(key, truncate(json.path("value").asText(), 8000));
        return Response.ok(NODES.objectNode());
    }

    private Response searchRuns(JsonNode json) {
        List<String> experimentIds = new ArrayList<>();
        json.path("experiment_ids").forEach(id -> experimentIds.add(id.asText()));
        int maxResults = json.path("max_results").asInt(1000);
        if (maxResults < 1 || maxResults > 50_000) {
            throw invalid("Invalid value " + maxResults + " for parameter 'max_results' supplied. It must be at most 50000");
        }
        String filter = json.path("filter").asText("");
        String viewType = json.path("run_view_type").asText("ACTIVE_ONLY");
        List<Run> matches = new ArrayList<>();
        for (Run run : runs.values()) {
            if (experimentIds.contains(run.experimentId) && !"DELETED_ONLY".equals(viewType) && matches(run, filter)) {
                matches.add(run);
            }
        }
        matches.sort(Comparator.comparingLong((Run r) -> r.startTime).reversed().thenComparing(r -> r.runId));
        int offset = pageOffset(json);
        ObjectNode response = NODES.objectNode();
        ArrayNode array = response.putArray("runs");
        matches.stream().skip(offset).limit(maxResults).forEach(r -> array.add(r.toJson()));
        if (offset + maxResults < matches.size()) {
            response.put("next_page_token", Integer.toString(offset + maxResults));
        }
        return Response.ok(response);
    }

    private static boolean matches(Run run, String filter) {
        if (filter.isBlank()) {
            return true;
        }
        Matcher m = FILTER.matcher(filter);
        if (!m.matches()) {
            throw invalid("Unsupported filter for this test server: '" + filter + "'");
        }
        String key = m.group(2);
        if (key.startsWith("`") || key.startsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        String value = m.group(3);
        return switch (m.group(1)) {
            case "tags" -> value.equals(run.tags.get(key));
            case "params" -> value.equals(run.params.get(key));
            default -> key.equals("run_name") && value.equals(run.runName);
        };
    }

    private Response metricHistory(Map<String, String> query) {
        Run run = requireRun(query.get("run_id"));
        String key = required(query, "metric_key");
        if (!query.containsKey("max_results")) {
            throw invalid("max_results is required by this test server (MLflow 3.x returns no metrics without it)");
        }
        int maxResults = Integer.parseInt(query.get("max_results"));
        if (maxResults < 1 || maxResults > 25_000) {
            throw invalid("Invalid value " + maxResults + " for parameter 'max_results'; it must be at most 25000");
        }
        int offset = query.containsKey("page_token") ? Integer.parseInt(query.get("page_token")) : 0;
        List<StoredMetric> points = run.metrics.stream().filter(p -> p.key().equals(key)).toList();
        ObjectNode response = NODES.objectNode();
        ArrayNode array = response.putArray("metrics");
        points.stream().skip(offset).limit(maxResults).forEach(p -> array.add(metricJson(p)));
        if (offset + maxResults < points.size()) {
            response.put("next_page_token", Integer.toString(offset + maxResults));
        }
        return Response.ok(response);
    }

    // ---------------------------------------------------------------- artifacts

    private Response artifactsApi(String method, String rest, Map<String, String> query, byte[] body) {
        String path = URLDecoder.decode(rest.startsWith("/") ? rest.substring(1) : rest, StandardCharsets.UTF_8);
        if (path.contains("..")) {
            throw invalid("Invalid artifact path '" + path + "'");
        }
        switch (method) {
            case "PUT" -> {
                if (path.isEmpty()) {
                    throw invalid("An artifact path is required");
                }
                artifacts.put(path, body);
                return Response.ok(NODES.objectNode());
            }
            case "GET" -> {
                if (path.isEmpty()) {
                    return listArtifacts(query.getOrDefault("path", ""));
                }
                byte[] bytes = artifacts.get(path);
                if (bytes == null) {
                    throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "No artifact at " + path);
                }
                return new Response(200, "application/octet-stream", bytes);
            }
            case "DELETE" -> {
                artifacts.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
                return Response.ok(NODES.objectNode());
            }
            default -> throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " is not supported for artifacts");
        }
    }

    private Response listArtifacts(String dir) {
        String prefix = dir.isEmpty() ? "" : (dir.endsWith("/") ? dir : dir + "/");
        TreeSet<String> dirs = new TreeSet<>();
        ObjectNode response = NODES.objectNode();
        ArrayNode files = response.putArray("files");
        for (Map.Entry<String, byte[]> entry : artifacts.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = entry.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                dirs.add(rest.substring(0, slash));
            } else {
                files.addObject().put("path", rest).put("is_dir", false).put("file_size", entry.getValue().length);
            }
        }
        dirs.forEach(d -> files.addObject().put("path", d).put("is_dir", true));
        return Response.ok(response);
    }

    // ---------------------------------------------------------------- model registry

    private Response createModel(JsonNode json) {
        String name = validModelName(json.path("name").asText(""));
        if (models.containsKey(name)) {
            throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
        }
        Model model = new Model(name, json.path("description").asText(""), System.currentTimeMillis());
        for (JsonNode t : json.path("tags")) {
            model.tags.put(validRegistryTag(t), t.path("value").asText());
        }
        models.put(name, model);
        return Response.ok(NODES.objectNode().set("registered_model", model.toJson()));
    }

    private Response createVersion(JsonNode json) {
        String source = text(json, "source");
        String runId = json.path("run_id").asText("");
        // the handler checks the source first, then the store checks the name and the tags
        ModelVersionSourceRules.check(source, runId, sourceValidationRegex, id -> requireRun(id).artifactUri);
        Model model = requireModel(validModelName(json.path("name").asText("")));
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : json.path("tags")) {
            tags.put(validRegistryTag(t), t.path("value").asText());
        }
        Version version = new Version(model, Integer.toString(model.versions.size() + 1), source, runId,
                json.path("description").asText(""), System.currentTimeMillis());
        version.tags.putAll(tags);
        model.versions.add(version);
        return Response.ok(NODES.objectNode().set("model_version", version.toJson()));
    }

    private Response setVersionTag(JsonNode json) {
        Version version = requireVersion(text(json, "name"), text(json, "version"));
        String key = validRegistryTag(json);
        version.tags.put(key, json.path("value").asText());
        return Response.ok(NODES.objectNode());
    }

    /** Registered model names: not empty, no '/' or ':', and unchanged by path normalisation. */
    private static String validModelName(String name) {
        if (name.isBlank()) {
            throw invalid("Missing value for required parameter 'name'.");
        }
        if (name.contains("/") || name.contains(":")) {
            throw invalid("Invalid model name '" + name + "'. Names cannot contain '/' or ':'.");
        }
        if (name.equals(".") || name.startsWith("..")) {
            throw invalid("Invalid value '" + name + "' for parameter 'name' supplied: Names cannot resolve to a "
                    + "different path when normalized");
        }
        return name;
    }

    /** Model registry tags: a valid key of at most 250 characters, a value of at most 100 000. */
    private static String validRegistryTag(JsonNode tag) {
        String key = tag.path("key").asText("");
        validateKey("tag", key);
        if (!tag.hasNonNull("value")) {
            throw invalid("Tag value cannot be None");
        }
        if (tag.path("value").asText().length() > 100_000) {
            throw invalid("Tag value '" + tag.path("value").asText().substring(0, 20) + "...' had length "
                    + tag.path("value").asText().length() + ", which exceeded length limit of 100000");
        }
        return key;
    }

    private Response searchVersions(Map<String, String> query) {
        String filter = query.getOrDefault("filter", "");
        String field = null;
        String value = null;
        if (!filter.isBlank()) {
            Matcher m = NAME_FILTER.matcher(filter);
            if (!m.matches()) {
                throw invalid("Unsupported filter for this test server: '" + filter + "'");
            }
            field = m.group(1);
            value = m.group(2);
        }
        int maxResults = Integer.parseInt(query.getOrDefault("max_results", "10000"));
        int offset = query.containsKey("page_token") ? Integer.parseInt(query.get("page_token")) : 0;
        List<Version> matches = new ArrayList<>();
        for (Model model : models.values()) {
            for (Version version : model.versions) {
                if (field == null || (field.equals("name") ? version.model.name : version.runId).equals(value)) {
                    matches.add(version);
                }
            }
        }
        ObjectNode response = NODES.objectNode();
        ArrayNode array = response.putArray("model_versions");
        matches.stream().skip(offset).limit(maxResults).forEach(v -> array.add(v.toJson()));
        if (offset + maxResults < matches.size()) {
            response.put("next_page_token", Integer.toString(offset + maxResults));
        }
        return Response.ok(response);
    }

    private Response setAlias(JsonNode json) {
        Model model = requireModel(text(json, "name"));
        String alias = validAlias(text(json, "alias"));
        Version version = requireVersion(model.name, text(json, "version"));
        model.aliases.put(alias, version.version);
        return Response.ok(NODES.objectNode());
    }

    private Response getAlias(Map<String, String> query) {
        Model model = requireModel(required(query, "name"));
        String alias = validAlias(required(query, "alias"));
        String version = model.aliases.get(alias);
        if (version == null) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Registered model alias " + alias + " not found.");
        }
        return Response.ok(NODES.objectNode().set("model_version", requireVersion(model.name, version).toJson()));
    }

    private Response deleteAlias(JsonNode json) {
        Model model = requireModel(text(json, "name"));
        model.aliases.remove(validAlias(text(json, "alias")));
        return Response.ok(NODES.objectNode());
    }

    private Model requireModel(String name) {
        Model model = name == null ? null : models.get(name);
        if (model == null) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        return model;
    }

    private Version requireVersion(String name, String version) {
        Model model = requireModel(name);
        return model.versions.stream().filter(v -> v.version.equals(version)).findFirst()
                .orElseThrow(() -> new ApiError(404, "RESOURCE_DOES_NOT_EXIST",
                        "Model Version (name=" + name + ", version=" + version + ") not found"));
    }

    private static String validAlias(String alias) {
        if (alias.length() > 255 || !ALIAS.matcher(alias).matches() || alias.equalsIgnoreCase("latest")
                || alias.matches("^[vV]\\d+$")) {
            throw invalid("Invalid alias name: '" + alias + "'");
        }
        return alias;
    }

    // ---------------------------------------------------------------- validation helpers

    private Run requireRun(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw invalid("Missing value for required parameter 'run_id'");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw invalid("Invalid value \"" + runId + "\" for parameter 'run_id' supplied");
        }
        Run run = runs.get(runId);
        if (run == null) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=" + runId + " not found");
        }
        return run;
    }

    private static void checkParam(Run run, String key, String value) {
        String old = run.params.get(key);
        if (old != null && !old.equals(value)) {
            throw invalid("Changing param values is not allowed. Param with key='" + key + "' was already logged with "
                    + "value='" + old + "' for run ID='" + run.runId + "'. Attempted logging new value '" + value + "'.");
        }
    }

    private static StoredMetric metric(JsonNode json) {
        String key = json.path("key").asText();
        validateKey("metric", key);
        JsonNode value = json.path("value");
        double v;
        if (value.isNumber()) {
            v = value.asDouble();
        } else if (value.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(value.asText())) {
            v = Double.parseDouble(value.asText());
        } else {
            throw invalid("Got invalid value " + value + " for metric '" + key + "'. Please specify value as a valid double");
        }
        if (!json.path("timestamp").canConvertToLong()) {
            throw invalid("Missing value for required parameter 'timestamp' of metric '" + key + "'");
        }
        return new StoredMetric(key, v, json.get("timestamp").asLong(), json.path("step").asLong(0));
    }

    private static void validateKey(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw invalid("Missing value for required parameter 'key' of a " + kind);
        }
        if (key.length() > 250) {
            throw invalid(capitalize(kind) + " '" + key.substring(0, 20) + "...' had length " + key.length()
                    + ", which exceeded length limit of 250");
        }
        if (!KEY.matcher(key).matches()) {
            throw invalid("Invalid " + kind + " name: '" + key + "'. Names may only contain alphanumerics, underscores"
                    + " (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
        }
        boolean normal = !key.startsWith("/") && !key.endsWith("/");
        for (String segment : key.split("/", -1)) {
            normal &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
        }
        if (!normal) {
            throw invalid("Invalid " + kind + " name: '" + key + "'. Names cannot resolve to a different path "
                    + "when normalized");
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static ApiError invalid(String message) {
        return new ApiError(400, "INVALID_PARAMETER_VALUE", message);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw invalid("Missing value for required parameter '" + field + "'");
        }
        return value.asText();
    }

    private static String required(Map<String, String> query, String field) {
        String value = query.get(field);
        if (value == null || value.isEmpty()) {
            throw invalid("Missing value for required parameter '" + field + "'");
        }
        return value;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return NODES.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "MALFORMED_REQUEST", "Malformed JSON body: " + e.getMessage());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(key, value);
        }
        return result;
    }

    private static ObjectNode metricJson(StoredMetric p) {
        ObjectNode node = NODES.objectNode().put("key", p.key());
        if (Double.isNaN(p.value()) || Double.isInfinite(p.value())) {
            node.put("value", Double.isNaN(p.value()) ? "NaN" : p.value() > 0 ? "Infinity" : "-Infinity");
        } else {
            node.put("value", p.value());
        }
        return node.put("timestamp", p.timestamp()).put("step", p.step());
    }

    private static ArrayNode pairs(Map<String, String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
        return array;
    }

    // ---------------------------------------------------------------- state

    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private record Response(int status, String contentType, byte[] body) {
        static Response ok(JsonNode json) {
            return new Response(200, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Response error(int status, String code, String message) {
            return new Response(status, "application/json", NODES.objectNode().put("error_code", code)
                    .put("message", message).toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Experiment(String id, String name, String artifactLocation, long creationTime) {
        ObjectNode toJson() {
            ObjectNode node = NODES.objectNode().put("experiment_id", id).put("name", name)
                    .put("artifact_location", artifactLocation).put("lifecycle_stage", "active")
                    .put("creation_time", creationTime).put("last_update_time", creationTime);
            node.putArray("tags");
            return node;
        }
    }

    private static final class Run {
        final String runId;
        final String experimentId;
        final long startTime;
        final String artifactUri;
        final String userId;
        String runName;
        String status = "RUNNING";
        Long endTime;
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<StoredMetric> metrics = new ArrayList<>();

        Run(String runId, String experimentId, String runName, long startTime, String artifactUri, String userId) {
            this.runId = runId;
            this.experimentId = experimentId;
            this.runName = runName;
            this.startTime = startTime;
            this.artifactUri = artifactUri;
            this.userId = userId;
        }

        ObjectNode infoJson() {
            ObjectNode info = NODES.objectNode().put("run_id", runId).put("run_uuid", runId)
                    .put("experiment_id", experimentId).put("run_name", runName).put("user_id", userId)
                    .put("status", status).put("start_time", startTime).put("artifact_uri", artifactUri)
                    .put("lifecycle_stage", "active");
            if (endTime != null) {
                info.put("end_time", endTime);
            }
            return info;
        }

        ObjectNode toJson() {
            ObjectNode run = NODES.objectNode();
            run.set("info", infoJson());
            ObjectNode data = run.putObject("data");
            Map<String, StoredMetric> latest = new TreeMap<>();
            for (StoredMetric m : metrics) {
                StoredMetric best = latest.get(m.key());
                if (best == null || m.step() > best.step()
                        || (m.step() == best.step() && m.timestamp() >= best.timestamp())) {
                    latest.put(m.key(), m);
                }
            }
            ArrayNode metricArray = data.putArray("metrics");
            latest.values().forEach(m -> metricArray.add(metricJson(m)));
            data.set("params", pairs(params));
            data.set("tags", pairs(tags));
            run.putObject("inputs");
            return run;
        }

        StoredRun snapshot() {
            return new StoredRun(runId, experimentId, runName, status, endTime, artifactUri, Map.copyOf(params),
                    Map.copyOf(tags), List.copyOf(metrics));
        }
    }

    private static final class Model {
        final String name;
        final String description;
        final long created;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, String> aliases = new LinkedHashMap<>();
        final List<Version> versions = new ArrayList<>();

        Model(String name, String description, long created) {
            this.name = name;
            this.description = description;
            this.created = created;
        }

        ObjectNode toJson() {
            ObjectNode node = NODES.objectNode().put("name", name).put("description", description)
                    .put("creation_timestamp", created).put("last_updated_timestamp", created);
            node.set("tags", pairs(tags));
            ArrayNode aliasArray = node.putArray("aliases");
            aliases.forEach((a, v) -> aliasArray.addObject().put("alias", a).put("version", v));
            return node;
        }
    }

    private static final class Version {
        final Model model;
        final String version;
        final String source;
        final String runId;
        final String description;
        final long created;
        final Map<String, String> tags = new LinkedHashMap<>();

        Version(Model model, String version, String source, String runId, String description, long created) {
            this.model = model;
            this.version = version;
            this.source = source;
            this.runId = runId;
            this.description = description;
            this.created = created;
        }

        ObjectNode toJson() {
            ObjectNode node = NODES.objectNode().put("name", model.name).put("version", version)
                    .put("creation_timestamp", created).put("last_updated_timestamp", created)
                    .put("current_stage", "None").put("description", description).put("source", source)
                    .put("run_id", runId).put("status", "READY");
            node.set("tags", pairs(tags));
            ArrayNode aliasArray = node.putArray("aliases");
            model.aliases.forEach((a, v) -> {
                if (v.equals(version)) {
                    aliasArray.add(a);
                }
            });
            return node;
        }
    }
}
