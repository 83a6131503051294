package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where an S3 registry lives and how to talk to it. Credentials are not part of it: they come from the AWS default
 * chain (environment, profile, web identity, instance role).
 *
 * @param bucket the bucket
 * @param prefix the key prefix of the registry inside the bucket ({@code ""} for the bucket root)
 * @param endpoint an S3-compatible endpoint (MinIO, Ceph...), or null for AWS
 * @param region the signing region, or null for the SDK's region chain ({@code AWS_REGION}, profile)
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}), needed by most S3-compatible stores
 * @param multipartThreshold files of at least this many bytes are uploaded in parts
 * @param partSize bytes per part of a multipart upload (at least 5 MiB, the S3 minimum)
 * @param checksumsOnlyWhenRequired send request checksums only where S3 requires them ({@code WHEN_REQUIRED}), for
 *     S3-compatible stores that reject the SDK's default CRC32 trailers; objects are still verified by SHA-256 on
 *     every read
 */
public record S3RegistryConfig(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
                               long multipartThreshold, long partSize, boolean checksumsOnlyWhenRequired) {

    /** The smallest part S3 accepts (except the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** The default multipart threshold, 8 MiB. */
    public static final long DEFAULT_MULTIPART_THRESHOLD = 8L * 1024 * 1024;

    public S3RegistryConfig {
        requireNonNull(bucket, "bucket is null");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket + "'");
        }
        prefix = requireNonNull(prefix, "prefix is null").replaceAll("^/+|/+$", "");
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 multipart part size must be at least " + MIN_PART_SIZE
                    + " bytes, was " + partSize);
        }
        if (multipartThreshold < 1) {
            throw new IllegalArgumentException("S3 multipart threshold must be positive, was " + multipartThreshold);
        }
    }

    /** AWS S3 with default endpoint, region chain and upload sizes. */
    public static S3RegistryConfig of(String bucket, String prefix) {
        return new S3RegistryConfig(bucket, prefix, null, null, false, DEFAULT_MULTIPART_THRESHOLD, MIN_PART_SIZE,
                false);
    }

    /** A copy talking to another endpoint, with or without path-style addressing. */
    public S3RegistryConfig withEndpoint(URI newEndpoint, boolean newPathStyle) {
        return new S3RegistryConfig(bucket, prefix, newEndpoint, region, newPathStyle, multipartThreshold, partSize,
                checksumsOnlyWhenRequired);
    }

    /** A copy signing for another region. */
    public S3RegistryConfig withRegion(String newRegion) {
        return new S3RegistryConfig(bucket, prefix, endpoint, newRegion, pathStyle, multipartThreshold, partSize,
                checksumsOnlyWhenRequired);
    }

    /** A copy with other multipart sizes. */
    public S3RegistryConfig withMultipart(long newThreshold, long newPartSize) {
        return new S3RegistryConfig(bucket, prefix, endpoint, region, pathStyle, newThreshold, newPartSize,
                checksumsOnlyWhenRequired);
    }

    /** A copy sending request checksums only where required (or by the SDK default). */
    public S3RegistryConfig withChecksumsOnlyWhenRequired(boolean onlyWhenRequired) {
        return new S3RegistryConfig(bucket, prefix, endpoint, region, pathStyle, multipartThreshold, partSize,
                onlyWhenRequired);
    }

    /** The endpoint, if not AWS's own. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpoint);
    }

    /** {@code s3://bucket/prefix}. */
    public String uri() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
