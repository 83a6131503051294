package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Uploads artifact files to a run's artifact URI without Python: {@code mlflow-artifacts:} through the tracking
 * server's proxied artifact API, {@code s3://} with the AWS SDK v2 (endpoint from {@code MLFLOW_S3_ENDPOINT_URL},
 * path-style addressing; keys from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} in the given environment,
 * else the SDK's default credential chain), {@code file:} by copying.
 */
final class ArtifactUploader implements AutoCloseable {
    private final MlflowRestClient rest;
    private final Map<String, String> environment;
    private S3Client s3;

    ArtifactUploader(MlflowRestClient rest, Map<String, String> environment) {
        this.rest = requireNonNull(rest, "rest is null");
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /**
     * Uploads one file.
     *
     * @param artifactUri the run's artifact root ({@code mlflow-artifacts:/1/<run>/artifacts}, {@code s3://...})
     * @param relativePath the file's path below that root ('/' separated)
     */
    void upload(String artifactUri, String relativePath, Path file, RetryPolicy retry) {
        URI root = URI.create(artifactUri);
        String scheme = root.getScheme() == null ? "file" : root.getScheme();
        switch (scheme) {
            case "mlflow-artifacts" -> rest.putFile(proxiedUri(rest.trackingUri(), root, relativePath), file, retry);
            case "s3" -> putS3(root, relativePath, file);
            case "file" -> copyLocal(root, relativePath, file);
            default -> throw new IllegalArgumentException("Unsupported artifact URI '" + artifactUri
                    + "': expected mlflow-artifacts:, s3:// or file:");
        }
    }

    /**
     * The proxied-artifact URL for a file: {@code <tracking>/api/2.0/mlflow-artifacts/artifacts/<path>/<file>};
     * a host in the artifact URI ({@code mlflow-artifacts://host:port/...}) replaces the tracking server's.
     */
    static URI proxiedUri(URI trackingUri, URI artifactRoot, String relativePath) {
        String base = trackingUri.toString();
        if (artifactRoot.getRawAuthority() != null && !artifactRoot.getRawAuthority().isEmpty()) {
            base = trackingUri.getScheme() + "://" + artifactRoot.getRawAuthority();
        }
        String path = artifactRoot.getPath() == null ? "" : artifactRoot.getPath();
        StringJoiner segments = new StringJoiner("/");
        for (String segment : (path + "/" + relativePath).split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + segments);
    }

    private void putS3(URI root, String relativePath, Path file) {
        String bucket = root.getHost();
        String prefix = root.getPath() == null ? "" : root.getPath().replaceAll("^/+|/+$", "");
        String key = prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
        try {
            s3().putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromFile(file));
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) {
                throw new TrackingUnavailableException("S3 upload of s3://" + bucket + "/" + key + " failed: "
                        + e.getMessage(), e);
            }
            throw new MlflowApiException("S3 PutObject s3://" + bucket + "/" + key, e.statusCode(),
                    e.awsErrorDetails() == null ? "S3_ERROR" : e.awsErrorDetails().errorCode(), e.getMessage());
        } catch (SdkClientException e) {
            throw new TrackingUnavailableException("S3 upload of s3://" + bucket + "/" + key + " failed: "
                    + e.getMessage(), e);
        }
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            var builder = S3Client.builder().forcePathStyle(true);
            String endpoint = environment.get("MLFLOW_S3_ENDPOINT_URL");
            if (endpoint != null && !endpoint.isBlank()) {
                builder.endpointOverride(URI.create(endpoint));
            }
            String region = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
            builder.region(Region.of(region == null || region.isBlank() ? "us-east-1" : region));
            String accessKey = environment.get("AWS_ACCESS_KEY_ID");
            String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
            if (accessKey != null && !accessKey.isBlank() && secretKey != null) {
                String session = environment.get("AWS_SESSION_TOKEN");
                builder.credentialsProvider(StaticCredentialsProvider.create(session == null || session.isBlank()
                        ? AwsBasicCredentials.create(accessKey, secretKey)
                        : AwsSessionCredentials.create(accessKey, secretKey, session)));
            }
            s3 = builder.build();
        }
        return s3;
    }

    private static void copyLocal(URI root, String relativePath, Path file) {
        Path base = root.getScheme() == null ? Path.of(root.getPath()) : Path.of(root);
        Path target = base.resolve(relativePath).normalize();
        if (!target.startsWith(base.normalize())) {
            throw new IllegalArgumentException("Artifact path '" + relativePath + "' escapes " + base);
        }
        try {
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy artifact " + file + " to " + target, e);
        }
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
