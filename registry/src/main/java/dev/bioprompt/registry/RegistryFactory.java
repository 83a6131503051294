package dev.bioprompt.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Opens a registry from its location: {@code s3://bucket/prefix}, {@code file:/dir} or a plain folder path.
 *
 * <p>S3 settings (all optional): {@code endpoint} (an S3-compatible endpoint URL), {@code region},
 * {@code path-style} ({@code true}/{@code false}; defaults to true when an endpoint is given),
 * {@code multipart-threshold} and {@code part-size} (bytes), {@code checksums} ({@code when-supported}, the SDK
 * default, or {@code when-required} for S3-compatible stores that reject CRC32 trailers), {@code attempt-timeout}
 * and {@code deadline} (seconds per HTTP attempt and per call, retries included) and {@code max-attempts}
 * ({@link S3Timeouts}). Credentials always come from the AWS default chain.
 */
public final class RegistryFactory {

    private RegistryFactory() {
    }

    /** Opens a registry with default S3 settings (the AWS SDK still honours {@code AWS_ENDPOINT_URL_S3}). */
    public static StoredPromptSetRegistry fromUri(String location) {
        return fromUri(location, Map.of());
    }

    /**
     * Opens a registry.
     *
     * @param location {@code s3://bucket/prefix}, {@code file:/dir} or a folder path
     * @param s3Settings S3 settings by key (ignored for folders)
     * @throws IllegalArgumentException naming the location or setting and what was expected
     */
    public static StoredPromptSetRegistry fromUri(String location, Map<String, String> s3Settings) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("registry location is empty: expected s3://bucket/prefix, "
                    + "file:/dir or a folder path");
        }
        if (location.startsWith("s3://")) {
            return S3PromptSetRegistry.create(s3Config(location, s3Settings), s3Timeouts(s3Settings));
        }
        if (location.startsWith("file:")) {
            try {
                return new LocalPromptSetRegistry(Path.of(new URI(location)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException("registry location '" + location
                        + "' is not a valid file URI (expected file:/absolute/dir): " + e.getMessage(), e);
            }
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("registry location '" + location
                    + "' has an unsupported scheme: expected s3://bucket/prefix, file:/dir or a folder path");
        }
        return new LocalPromptSetRegistry(Path.of(location));
    }

    /** Parses {@code s3://bucket/prefix} plus settings. */
    static S3RegistryConfig s3Config(String location, Map<String, String> settings) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("registry location '" + location + "' names no bucket: expected "
                    + "s3://bucket/prefix");
        }
        S3RegistryConfig config = S3RegistryConfig.of(bucket, prefix);
        String endpoint = settings.get("endpoint");
        if (endpoint != null && !endpoint.isBlank()) {
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("S3 setting 'endpoint' is not a URL: " + endpoint, e);
            }
            config = config.withEndpoint(uri, flag(settings, "path-style", true));
        } else if (settings.containsKey("path-style")) {
            config = config.withEndpoint(null, flag(settings, "path-style", false));
        }
        String region = settings.get("region");
        if (region != null && !region.isBlank()) {
            config = config.withRegion(region);
        }
        if (settings.containsKey("multipart-threshold") || settings.containsKey("part-size")) {
            config = config.withMultipart(size(settings, "multipart-threshold", config.multipartThreshold()),
                    size(settings, "part-size", config.partSize()));
        }
        String checksums = settings.get("checksums");
        if (checksums != null && !checksums.isBlank()) {
            switch (checksums.trim()) {
                case "when-required" -> config = config.withChecksumsOnlyWhenRequired(true);
                case "when-supported" -> config = config.withChecksumsOnlyWhenRequired(false);
                default -> throw new IllegalArgumentException("S3 setting 'checksums' must be when-supported or "
                        + "when-required, was '" + checksums + "'");
            }
        }
        return config;
    }

    /** {@code attempt-timeout} and {@code deadline} (seconds) and {@code max-attempts}, else the defaults. */
    static S3Timeouts s3Timeouts(Map<String, String> settings) {
        S3Timeouts d = S3Timeouts.DEFAULT;
        return new S3Timeouts(seconds(settings, "attempt-timeout", d.attemptTimeout()),
                (int) size(settings, "max-attempts", d.maxAttempts()), seconds(settings, "deadline", d.deadline()));
    }

    private static Duration seconds(Map<String, String> settings, String key,
                                              Duration fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double s = Double.parseDouble(value.trim());
            if (!(s > 0) || s > 3600) {
                throw new NumberFormatException("out of range");
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("S3 setting '" + key + "' must be a number of seconds above 0 and at "
                    + "most 3600, was '" + value + "'", e);
        }
    }

    private static boolean flag(Map<String, String> settings, String key, boolean fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("S3 setting '" + key + "' must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static long size(Map<String, String> settings, String key, long fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("S3 setting '" + key + "' must be a number of bytes, was '" + value
                    + "'", e);
        }
    }
}
