package dev.bioprompt.registry;

import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.RegistryPromotion;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * One promoting process for {@link PromotionProcessRaceTest}: waits until the start file exists, promotes sample
 * {@code i} to {@code production} and prints {@code promoted NAME version N}.
 * Arguments: {@code s3 ENDPOINT BUCKET PREFIX START i} or {@code folder ROOT START i}.
 */
public final class PromoteMain {
    private PromoteMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean s3 = "s3".equals(args[0]);
        Path start = Path.of(args[s3 ? 4 : 2]);
        int i = Integer.parseInt(args[s3 ? 5 : 3]);
        StoredPromptSetRegistry registry = s3
                ? S3PromptSetRegistry.create(S3RegistryConfig.of(args[2], args[3])
                        .withEndpoint(URI.create(args[1]), true).withRegion("us-east-1"),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                : new LocalPromptSetRegistry(Path.of(args[1]));
        while (!Files.exists(start)) {
            Thread.sleep(2);
        }
        RegistryPromotion p = registry.promote("race", SamplePromptSets.sample("run-" + i, i), "production",
                "process " + i, AliasExpectation.any());
        System.out.println("promoted race version " + p.version().version() + " alias record "
                + p.alias().sequence());
        if (registry instanceof S3PromptSetRegistry r) {
            r.close();
        }
        System.exit(0);
    }
}
