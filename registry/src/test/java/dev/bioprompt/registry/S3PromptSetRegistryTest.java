package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.PromptSetRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3PromptSetRegistryTest extends AbstractPromptSetRegistryTest {

    private static final String BUCKET = "registry";
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static S3ProxyServer server;
    private final List<S3PromptSetRegistry> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeRegistries() {
        opened.forEach(S3PromptSetRegistry::close);
    }

    private S3RegistryConfig config() {
        return S3RegistryConfig.of(BUCKET, "team/prompts-" + PREFIXES.incrementAndGet())
                .withEndpoint(server.endpoint(), true).withRegion("us-east-1");
    }

    private S3PromptSetRegistry open(S3RegistryConfig config, StaticCredentialsProvider credentials) {
        S3PromptSetRegistry registry = S3PromptSetRegistry.create(config, credentials);
        opened.add(registry);
        return registry;
    }

    @Override
    StoredPromptSetRegistry registry() {
        return open(config(), server.credentials());
    }

    @Override
    void overwriteInStore(StoredPromptSetRegistry registry, String key, byte[] bytes) {
        server.putDirect(BUCKET, key, bytes);
    }

    @Test
    void wrongCredentialsFailClearly() {
        S3PromptSetRegistry registry = open(config(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, "not-the-secret")));

        assertThatThrownBy(() -> registry.publish("btmri", SamplePromptSets.sample("run-1", 1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("S3 rejected the credentials for bucket " + BUCKET)
                .hasMessageContaining("SignatureDoesNotMatch");
        S3PromptSetRegistry unknownKey = open(config(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create("nobody", S3ProxyServer.SECRET_KEY)));
        assertThatThrownBy(() -> unknownKey.versions("btmri"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("S3 rejected the credentials for bucket " + BUCKET);
    }

    @Test
    void missingBucketIsNamed() {
        S3PromptSetRegistry registry = open(S3RegistryConfig.of("no-such-bucket", "p")
                .withEndpoint(server.endpoint(), true).withRegion("us-east-1"), server.credentials());

        assertThatThrownBy(() -> registry.publish("btmri", SamplePromptSets.sample("run-1", 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-bucket");
    }

    @Test
    void largeTensorFilesGoUpInPartsAndRoundTrip() throws Exception {
        long part = S3RegistryConfig.MIN_PART_SIZE;
        S3PromptSetRegistry registry = open(config().withMultipart(part, part), server.credentials());
        PromptSet big = SamplePromptSets.withTensorSize("run-big", 7, (int) (2.5 * part / 4));

        registry.publish("big", big);

        assertThat(big.promptBytes().length).isGreaterThan((int) (2 * part));
        assertThat(registry.load("big", 1).tensors()).isEqualTo(big.tensors());
        assertThat(registry.uri()).startsWith("s3://" + BUCKET + "/team/prompts-");
    }

    @Test
    void checksumsOnlyWhenRequiredStillRoundTrips() throws Exception {
        long part = S3RegistryConfig.MIN_PART_SIZE;
        S3PromptSetRegistry registry = open(config().withMultipart(part, part).withChecksumsOnlyWhenRequired(true),
                server.credentials());
        PromptSet big = SamplePromptSets.withTensorSize("run-big", 8, (int) (1.2 * part / 4));

        registry.publish("big", big);
        registry.setAlias("big", "production", 1, "first");

        assertThat(registry.load(PromptSetRef.parse("big@production")).tensors())
                .isEqualTo(big.tensors());
    }

    @Test
    void factoryOpensS3LocationsWithSettings() {
        S3RegistryConfig config = RegistryFactory.s3Config("s3://bucket/a/b/", Map.of("endpoint",
                "http://127.0.0.1:9000", "region", "eu-west-1", "multipart-threshold", "9000000", "checksums", "when-required"));

        assertThat(config.bucket()).isEqualTo("bucket");
        assertThat(config.prefix()).isEqualTo("a/b");
        assertThat(config.pathStyle()).isTrue();
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.multipartThreshold()).isEqualTo(9_000_000L);
        assertThat(config.uri()).isEqualTo("s3://bucket/a/b");
        assertThat(config.checksumsOnlyWhenRequired()).isTrue();
        assertThatThrownBy(() -> RegistryFactory.s3Config("s3://b/x", Map.of("checksums", "never")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'checksums'");
        assertThatThrownBy(() -> RegistryFactory.s3Config("s3:///x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> RegistryFactory.s3Config("s3://b/x", Map.of("path-style", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path-style");
    }
}
