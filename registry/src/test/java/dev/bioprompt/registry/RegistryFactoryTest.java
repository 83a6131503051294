package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFactoryTest {

    @TempDir
    Path dir;

    @Test
    void opensFoldersFromPathsAndFileUris() throws Exception {
        StoredPromptSetRegistry byPath = RegistryFactory.fromUri(dir.resolve("a").toString());
        byPath.publish("btmri", SamplePromptSets.sample("run-1", 1));
        StoredPromptSetRegistry byUri = RegistryFactory.fromUri(dir.resolve("a").toUri().toString());

        assertThat(byPath).isInstanceOf(LocalPromptSetRegistry.class);
        assertThat(byUri.versions("btmri")).hasSize(1);
        assertThat(((LocalPromptSetRegistry) byUri).root()).isEqualTo(dir.resolve("a").toAbsolutePath());
    }

    @Test
    void opensS3Locations() {
        try (S3PromptSetRegistry s3 = (S3PromptSetRegistry) RegistryFactory.fromUri("s3://bucket/team/prompts",
                Map.of("endpoint", "http://127.0.0.1:1", "region", "us-east-1"))) {
            assertThat(s3.uri()).isEqualTo("s3://bucket/team/prompts");
            assertThat(s3.config().pathStyle()).isTrue();
        }
    }

    @Test
    void rejectsUnknownSchemesAndEmptyLocations() {
        assertThatThrownBy(() -> RegistryFactory.fromUri("gs://bucket/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gs://bucket/x")
                .hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> RegistryFactory.fromUri(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
