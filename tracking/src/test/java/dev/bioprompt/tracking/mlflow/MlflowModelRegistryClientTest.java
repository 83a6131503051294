package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MlflowModelRegistryClientTest {
    private InProcessMlflowServer server;
    private MlflowModelRegistryClient registry;

    @BeforeEach
    void setUp() {
        server = new InProcessMlflowServer().start();
        registry = new MlflowModelRegistryClient(new MlflowRestClient(server.uri(), MlflowCredentials.none(),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), RetryPolicy.once());
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    @Test
    void mirrorsVersionsAndAliases() {
        registry.createRegisteredModel("btmri", "prompt sets for BTMRI", Map.of("owner", "ml"));
        registry.createRegisteredModel("btmri", null, null);
        ModelVersionInfo v1 = registry.createModelVersion("btmri", "s3://registry/btmri/1", null, "first",
                Map.of("method", "coop"));
        ModelVersionInfo v2 = registry.createModelVersion("btmri", "s3://registry/btmri/2", null, null, Map.of());
        assertThat(v1.version()).isEqualTo("1");
        assertThat(v2.version()).isEqualTo("2");
        assertThat(v1.tags()).containsEntry("method", "coop");

        registry.setAlias("btmri", "production", "1");
        assertThat(registry.getModelVersionByAlias("btmri", "production")).get()
                .satisfies(v -> {
                    assertThat(v.version()).isEqualTo("1");
                    assertThat(v.aliases()).containsExactly("production");
                    assertThat(v.source()).isEqualTo("s3://registry/btmri/1");
                });
        registry.setAlias("btmri", "production", "2");
        assertThat(registry.getModelVersionByAlias("btmri", "production")).get()
                .extracting(ModelVersionInfo::version).isEqualTo("2");
        registry.deleteAlias("btmri", "production");
        assertThat(registry.getModelVersionByAlias("btmri", "production")).isEmpty();
        assertThat(registry.searchModelVersions("name='btmri'")).extracting(ModelVersionInfo::version)
                .containsExactly("1", "2");
        assertThat(registry.searchModelVersions("name='other'")).isEmpty();

        assertThatThrownBy(() -> registry.setAlias("btmri", "v3", "1")).hasMessageContaining("Invalid alias 'v3'");
        assertThatThrownBy(() -> registry.setAlias("btmri", "champion", "9"))
                .isInstanceOf(MlflowApiException.class).hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> registry.createModelVersion("nope", "s3://x/y", null, null, Map.of()))
                .isInstanceOf(MlflowApiException.class).hasMessageContaining("404");
    }
}
