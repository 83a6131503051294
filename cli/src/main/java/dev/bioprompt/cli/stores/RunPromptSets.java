package dev.bioprompt.cli.stores;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetDigest;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.tracking.mlflow.MlflowCredentials;
import dev.bioprompt.tracking.mlflow.MlflowRestClient;
import dev.bioprompt.tracking.mlflow.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the prompt set a training run logged under its artifact folder {@code prompt-set/}: from the file system for
 * {@code file:} artifact roots (the offline store, or an MLflow server with a file artifact root), and through the
 * tracking server's proxied artifact API for {@code mlflow-artifacts:} roots.
 */
public final class RunPromptSets {

    /** The artifact folder of a run's prompt set. */
    public static final String FOLDER = "prompt-set";

    private final Optional<URI> trackingServer;
    private final Map<String, String> environment;

    /**
     * @param trackingServer the MLflow server, for {@code mlflow-artifacts:} roots (empty for the offline store)
     * @param environment where MLflow credentials are read
     */
    public RunPromptSets(Optional<URI> trackingServer, Map<String, String> environment) {
        this.trackingServer = requireNonNull(trackingServer, "trackingServer is null");
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /**
     * The verified prompt set of a run.
     *
     * @throws IOException naming the run and the missing or damaged artifact
     */
    public PromptSet load(RunRecord run) throws IOException {
        String root = run.artifactUri();
        String where = "run " + run.runId() + " artifact " + FOLDER + "/";
        if (root.isBlank()) {
            throw new IOException(where + ": the run records no artifact location");
        }
        URI uri = URI.create(root);
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
        switch (scheme) {
            case "file" -> {
                Path dir = (uri.getScheme() == null ? Path.of(root) : Path.of(uri)).resolve(FOLDER);
                if (!Files.isDirectory(dir)) {
                    throw new IOException(where + " is missing (looked in " + dir + "); was the run trained by "
                            + "'bioprompt train' and did it finish?");
                }
                Path manifest = dir.resolve(PromptSet.MANIFEST);
                Path prompts = dir.resolve(PromptSet.PROMPTS);
                if (!Files.isRegularFile(manifest) || !Files.isRegularFile(prompts)) {
                    throw new IOException(where + " is incomplete (looked in " + dir + ")");
                }
                return verified(run, Files.readAllBytes(manifest), Files.readAllBytes(prompts), dir.toString());
            }
            case "mlflow-artifacts" -> {
                URI server = trackingServer.orElseThrow(() -> new IOException(where + " lies on an MLflow server ("
                        + root + ") but tracking.uri names no http(s) server"));
                MlflowRestClient rest = new MlflowRestClient(server, MlflowCredentials.fromEnvironment(environment),
                        Duration.ofSeconds(5), Duration.ofSeconds(60));
                byte[] manifest = download(rest, server, uri, PromptSet.MANIFEST, where);
                byte[] prompts = download(rest, server, uri, PromptSet.PROMPTS, where);
                return verified(run, manifest, prompts, root + "/" + FOLDER);
            }
            default -> throw new IOException(where + " lies at " + root + ": reading " + scheme + ": artifact "
                    + "roots is not supported (expected file: or mlflow-artifacts:, the proxied artifact API)");
        }
    }

    /**
     * Parses a run's prompt set after checking its bytes against the digest the run recorded as tag
     * {@value PromptSetDigest#RUN_TAG} when it logged them (runs trained before the tag existed have none).
     */
    private static PromptSet verified(RunRecord run, byte[] manifest, byte[] prompts, String where)
            throws IOException {
        String recorded = run.tags().get(PromptSetDigest.RUN_TAG);
        if (recorded != null) {
            PromptSetDigest.verify(recorded, Map.of(), Map.of(PromptSet.MANIFEST, manifest, PromptSet.PROMPTS,
                    prompts), where, "tag " + PromptSetDigest.RUN_TAG + " of run " + run.runId());
        }
        return PromptSet.fromBytes(manifest, prompts, where);
    }

    private static byte[] download(MlflowRestClient rest, URI server, URI root, String file, String where)
            throws IOException {
        String path = root.getPath() == null ? root.getSchemeSpecificPart() : root.getPath();
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        URI base = root.getRawAuthority() != null && !root.getRawAuthority().isEmpty()
                ? URI.create(server.getScheme() + "://" + root.getRawAuthority()) : server;
        String prefix = base.toString().replaceAll("/+$", "");
        URI target = URI.create(prefix + "/api/2.0/mlflow-artifacts/artifacts/" + encode(path) + "/" + FOLDER + "/"
                + encode(file));
        try {
            return rest.getBytes(target, RetryPolicy.defaults());
        } catch (RuntimeException e) {
            throw new IOException(where + file + " could not be downloaded from " + target + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
