package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPromptSetRegistryTest extends AbstractPromptSetRegistryTest {

    @TempDir
    Path dir;

    @Override
    StoredPromptSetRegistry registry() {
        return new LocalPromptSetRegistry(dir.resolve("registry"));
    }

    @Override
    void overwriteInStore(StoredPromptSetRegistry registry, String key, byte[] bytes) throws Exception {
        Path file = dir.resolve("registry").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Test
    void layoutIsPlainFilesAndNoTemporaryFileRemains() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("btmri", SamplePromptSets.sample("run-1", 1));
        registry.setAlias("btmri", "production", 1, "first");

        Path root = dir.resolve("registry");
        assertThat(root.resolve("btmri/versions/1/manifest.json")).isRegularFile();
        assertThat(root.resolve("btmri/versions/1/prompts.safetensors")).isRegularFile();
        assertThat(root.resolve("btmri/versions/1/claim.json")).isRegularFile();
        assertThat(root.resolve("btmri/versions/1/published.json")).isRegularFile();
        assertThat(root.resolve("btmri/aliases/production/000000000001.json")).isRegularFile();
        try (var walk = Files.walk(root)) {
            assertThat(walk.filter(p -> p.getFileName().toString().startsWith("."))
                    .filter(p -> !root.relativize(p).toString().startsWith(".bioprompt-create-only-probe"))).isEmpty();
        }
        assertThat(registry.uri()).startsWith("file:");
        assertThat(registry.versions("btmri").get(0).uri()).isEqualTo("file://" + root.resolve("btmri/versions/1"));
    }
}
