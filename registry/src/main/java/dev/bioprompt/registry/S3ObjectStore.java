package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} over one S3 bucket. Create-only writes use {@code If-None-Match: *} (412 means another
 * writer got there first; 409 {@code ConditionalRequestConflict} means a racing write is in flight and is retried).
 * Large objects go up as multipart uploads, aborted on failure so no part is left behind. Every S3 error becomes an
 * {@link IOException} that names the bucket and key; rejected credentials say so.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Set<String> CREDENTIAL_ERRORS = Set.of("SignatureDoesNotMatch", "InvalidAccessKeyId",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidSecurity", "AuthorizationHeaderMalformed");
    private static final int CONFLICT_RETRIES = 8;

    private final S3Client client;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;
    private final String endpoint;

    /**
     * @param client the S3 client
     * @param bucket the bucket
     * @param multipartThreshold objects of at least this many bytes are uploaded in parts
     * @param partSize bytes per part
     */
    public S3ObjectStore(S3Client client, String bucket, long multipartThreshold, long partSize) {
        this(client, bucket, multipartThreshold, partSize, "");
    }

    /**
     * @param endpoint the endpoint the client talks to, for messages ({@code ""} for AWS's default)
     */
    public S3ObjectStore(S3Client client, String bucket, long multipartThreshold, long partSize, String endpoint) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.client = requireNonNull(client, "client is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            if (bytes.length >= multipartThreshold && bytes.length > partSize) {
                putMultipart(key, bytes);
            } else {
                client.putObject(b -> b.bucket(bucket).key(key).contentLength((long) bytes.length),
                        RequestBody.fromBytes(bytes));
            }
        } catch (SdkException e) {
            throw translate(e, "upload", key);
        }
    }

    private void putMultipart(String key, byte[] bytes) {
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (long offset = 0; offset < bytes.length; offset += partSize, partNumber++) {
                int length = (int) Math.min(partSize, bytes.length - offset);
                int number = partNumber;
                byte[] part = new byte[length];
                System.arraycopy(bytes, (int) offset, part, 0, length);
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) length), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                client.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*").contentLength((long) bytes.length),
                        RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return false;
                }
                if (e.statusCode() == 409 && attempt < CONFLICT_RETRIES) {
                    pause(attempt);
                    continue;
                }
                throw translate(e, "create-only upload", key);
            } catch (SdkException e) {
                throw translate(e, "create-only upload", key);
            }
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return Optional.empty();
            }
            throw translate(e, "download", key);
        } catch (SdkException e) {
            throw translate(e, "download", key);
        }
    }

    @Override
    public List<String> listKeys(String prefix) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())) {
                for (S3Object object : page.contents()) {
                    keys.add(object.key());
                }
            }
        } catch (SdkException e) {
            throw translate(e, "listing", prefix);
        }
        return new ArrayList<>(keys);
    }

    @Override
    public List<String> listChildren(String prefix) throws IOException {
        TreeSet<String> children = new TreeSet<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build())) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String child = common.prefix().substring(prefix.length());
                    children.add(child.endsWith("/") ? child.substring(0, child.length() - 1) : child);
                }
                for (S3Object object : page.contents()) {
                    children.add(object.key().substring(prefix.length()));
                }
            }
        } catch (SdkException e) {
            throw translate(e, "listing", prefix);
        }
        children.remove("");
        return new ArrayList<>(children);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String locate(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private IOException translate(SdkException e, String operation, String key) {
        if (e instanceof S3Exception s3) {
            String code = errorCode(s3);
            String detail = code + ": " + (s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorMessage()
                    : s3.getMessage());
            if (s3.statusCode() == 403 && CREDENTIAL_ERRORS.contains(code)) {
                return new IOException("S3 rejected the credentials for bucket " + bucket + ": " + detail
                        + " (check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS profile)", e);
            }
            if (s3.statusCode() == 403) {
                return new IOException("S3 denied " + operation + " of " + locate(key) + ": " + detail
                        + " (check the bucket policy and IAM permissions)", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new IOException("S3 bucket " + bucket + " does not exist: " + detail, e);
            }
            return new IOException("S3 " + operation + " of " + locate(key) + " failed with HTTP " + s3.statusCode()
                    + " " + detail, e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("checksum")) {
            return new IOException("S3 " + operation + " of " + locate(key) + " failed its checksum check "
                    + "(corrupted or truncated object): " + message, e);
        }
        if (e instanceof SdkClientException) {
            return new IOException("cannot reach S3 for " + operation + " of " + locate(key) + ": " + message, e);
        }
        return new IOException("S3 " + operation + " of " + locate(key) + " failed: " + e.getMessage(), e);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : String.valueOf(e.statusCode());
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(20L * (attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retrying a conflicting S3 write", e);
        }
    }
}
