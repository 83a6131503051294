package dev.bioprompt.runners.config;

import dev.bioprompt.api.method.ValueRange;

/** Keys of the prompt-set registry. Add a key with one line here; {@link SettingsSchema} finds it. */
public final class RegistryKeys {

    public static final Setting URI = Setting.text("registry.uri", "registry-store",
            "a folder, a file: URI or s3://bucket/prefix");
    public static final Setting S3_ENDPOINT = Setting.text("registry.s3.endpoint", "",
            "an S3-compatible endpoint URL (MinIO, Ceph); empty for AWS");
    public static final Setting S3_REGION = Setting.text("registry.s3.region", "",
            "the signing region; empty for the AWS region chain");
    public static final Setting S3_PATH_STYLE = Setting.choice("registry.s3.path-style", "",
            "path-style addressing; empty: true with an endpoint, false without", "", "true", "false");
    public static final Setting S3_MULTIPART_THRESHOLD = Setting.integer("registry.s3.multipart-threshold", null,
            "bytes above which uploads are multipart; unset: the SDK's").atLeast(1);
    public static final Setting S3_PART_SIZE = Setting.integer("registry.s3.part-size", null,
            "bytes per multipart part; unset: the SDK's").atLeast(1);
    public static final Setting S3_CHECKSUMS = Setting.choice("registry.s3.checksums", "",
            "when-required for S3-compatible stores that reject CRC32 trailers; empty: the SDK default",
            "", "when-supported", "when-required");

    public static final Setting S3_ATTEMPT_TIMEOUT = Setting.real("registry.s3.attempt-timeout", 10.0,
            "seconds one S3 HTTP attempt may take").withRange(new ValueRange(0, false, 3600, true));
    public static final Setting S3_MAX_ATTEMPTS = Setting.integer("registry.s3.max-attempts", 3,
            "attempts per S3 call (retries included)").atLeast(1);
    public static final Setting S3_DEADLINE = Setting.real("registry.s3.deadline", 30.0,
            "seconds an S3 call may take in all, retries included").withRange(new ValueRange(0, false, 3600, true));
    public static final Setting SIGNING_PRIVATE_KEY = Setting.path("registry.signing.private-key", "",
            "PEM Ed25519 private key that signs every published version; empty: unsigned");
    public static final Setting SIGNING_PUBLIC_KEY = Setting.path("registry.signing.public-key", "",
            "PEM Ed25519 public key; unsigned or wrongly signed versions are refused; empty: not checked");

    private RegistryKeys() {
    }
}
