package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A prompt-set registry in an S3 bucket (AWS or S3-compatible), with the layout and guarantees of
 * {@link StoredPromptSetRegistry}. Closing it closes the S3 client it built.
 */
public final class S3PromptSetRegistry extends StoredPromptSetRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3PromptSetRegistry.class);

    private final S3Client client;
    private final boolean ownsClient;
    private final S3RegistryConfig config;

    private S3PromptSetRegistry(S3Client client, boolean ownsClient, S3RegistryConfig config) {
        super(new S3ObjectStore(client, config.bucket(), config.multipartThreshold(), config.partSize(),
                config.endpointOverride().map(Object::toString).orElse("")),
                config.prefix(), config.uri());
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
    }

    /** A registry whose credentials come from the AWS default chain. */
    public static S3PromptSetRegistry create(S3RegistryConfig config) {
        return create(config, DefaultCredentialsProvider.builder().build());
    }

    /** A registry whose credentials come from the AWS default chain, with time limits. */
    public static S3PromptSetRegistry create(S3RegistryConfig config, S3Timeouts timeouts) {
        return create(config, DefaultCredentialsProvider.builder().build(), timeouts);
    }

    /** A registry with explicit credentials (tests, or a caller that resolved them itself). */
    public static S3PromptSetRegistry create(S3RegistryConfig config, AwsCredentialsProvider credentials) {
        return create(config, credentials, S3Timeouts.DEFAULT);
    }

    /** A registry with explicit credentials and time limits. */
    public static S3PromptSetRegistry create(S3RegistryConfig config, AwsCredentialsProvider credentials,
                                             S3Timeouts timeouts) {
        requireNonNull(config, "config is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(timeouts, "timeouts is null");
        S3ClientBuilder builder = S3Client.builder().credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(timeouts.attemptTimeout())
                        .apiCallTimeout(timeouts.deadline())
                        .retryStrategy(r -> r.maxAttempts(timeouts.maxAttempts()))
                        .addExecutionInterceptor(new S3RetryReporter(timeouts, LOG::warn)));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        if (config.checksumsOnlyWhenRequired()) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        if (config.region() != null) {
            builder.region(Region.of(config.region()));
        } else if (config.endpoint() != null && System.getenv("AWS_REGION") == null
                && System.getProperty("aws.region") == null) {
            builder.region(Region.US_EAST_1); // S3-compatible stores usually ignore the region but SigV4 needs one
        }
        return new S3PromptSetRegistry(builder.build(), true, config);
    }

    /** A registry over a client the caller owns and closes. */
    public static S3PromptSetRegistry wrap(S3Client client, S3RegistryConfig config) {
        return new S3PromptSetRegistry(requireNonNull(client, "client is null"), false,
                requireNonNull(config, "config is null"));
    }

    /** Where the registry lives. */
    public S3RegistryConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
