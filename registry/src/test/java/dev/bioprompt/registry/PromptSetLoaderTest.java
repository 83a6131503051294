package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.promptset.PromptSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSetLoaderTest {

    @TempDir
    Path dir;

    @Test
    void resolvesAliasesAndVersionsThroughTheCache() throws Exception {
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("registry"));
        registry.publish("btmri", SamplePromptSets.sample("run-1", 1));
        registry.publish("btmri", SamplePromptSets.sample("run-2", 2));
        registry.setAlias("btmri", "production", 1, "first");
        PromptSetLoader loader = new PromptSetLoader(registry, dir.resolve("cache"));

        LoadedPromptSet first = loader.load("btmri@production");
        LoadedPromptSet again = loader.load("btmri@production");
        registry.setAlias("btmri", "production", 2, "promotion");
        LoadedPromptSet moved = loader.load("btmri@production");
        LoadedPromptSet pinned = loader.load("btmri@1");

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.cacheHit()).isFalse();
        assertThat(again.cacheHit()).isTrue();
        assertThat(again.promptSet().tensors()).isEqualTo(first.promptSet().tensors());
        assertThat(moved.version()).isEqualTo(2);
        assertThat(moved.promptSet().manifest().sourceRun()).isEqualTo("run-2");
        assertThat(pinned.cacheHit()).isTrue();
        assertThat(loader.cachedFolder(registry.versions("btmri").get(1).digest()).resolve(PromptSet.MANIFEST)).isRegularFile();
    }

    @Test
    void damagedCacheCopyIsVerifiedAndReplaced() throws Exception {
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("registry"));
        PromptSet original = SamplePromptSets.sample("run-1", 1);
        registry.publish("btmri", original);
        PromptSetLoader loader = new PromptSetLoader(registry, dir.resolve("cache"));
        loader.load("btmri@1");
        Path cachedTensors = loader.cachedFolder(registry.versions("btmri").get(0).digest()).resolve(PromptSet.PROMPTS);
        byte[] bytes = Files.readAllBytes(cachedTensors);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(cachedTensors, bytes);

        LoadedPromptSet reloaded = loader.load("btmri@1");

        assertThat(reloaded.cacheHit()).isFalse();
        assertThat(reloaded.promptSet().tensors()).isEqualTo(original.tensors());
        assertThat(PromptSet.readFrom(loader.cachedFolder(registry.versions("btmri").get(0).digest())).tensors()).isEqualTo(original.tensors());
    }

    @Test
    void registriesSharingACacheKeepTheirOwnVersions() throws Exception {
        LocalPromptSetRegistry staging = new LocalPromptSetRegistry(dir.resolve("staging"));
        LocalPromptSetRegistry production = new LocalPromptSetRegistry(dir.resolve("production"));
        staging.publish("btmri", SamplePromptSets.sample("staging-run", 1));
        production.publish("btmri", SamplePromptSets.sample("production-run", 2));

        LoadedPromptSet fromStaging = new PromptSetLoader(staging, dir.resolve("cache")).load("btmri@1");
        LoadedPromptSet fromProduction = new PromptSetLoader(production, dir.resolve("cache")).load("btmri@1");

        assertThat(fromStaging.promptSet().manifest().sourceRun()).isEqualTo("staging-run");
        assertThat(fromProduction.promptSet().manifest().sourceRun()).isEqualTo("production-run");
        assertThat(fromProduction.cacheHit()).isFalse();
    }

    @Test
    void unsetAliasAndBadReferenceFailClearly() {
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("registry"));
        PromptSetLoader loader = new PromptSetLoader(registry, dir.resolve("cache"));

        assertThatThrownBy(() -> loader.load("btmri@production")).isInstanceOf(IOException.class)
                .hasMessageContaining("alias 'production' of prompt set 'btmri' is not set");
        assertThatThrownBy(() -> loader.load("btmri@3")).isInstanceOf(IOException.class)
                .hasMessageContaining("btmri@3 does not exist");
        assertThatThrownBy(() -> loader.load("btmri")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAME@ALIAS");
    }

    @Test
    void aForgedRegistryCopyIsNeverCachedAndAPoisonedCacheIsNeverServed() throws Exception {
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("registry"));
        PromptSet original = SamplePromptSets.sample("run-1", 1);
        registry.publish("btmri", original);
        registry.setAlias("btmri", "production", 1, "first");
        PromptSetLoader loader = new PromptSetLoader(registry, dir.resolve("cache"));
        Path manifest = registry.root().resolve("btmri/versions/1/manifest.json");
        byte[] genuine = Files.readAllBytes(manifest);
        Files.writeString(manifest, new String(genuine, StandardCharsets.UTF_8)
                .replace("\"glioma\"", "\"healthy\""));

        assertThatThrownBy(() -> loader.load("btmri@production")).isInstanceOf(IOException.class)
                .hasMessageContaining(manifest.toString()).hasMessageContaining(PromptSet.sha256(genuine));
        Files.write(manifest, genuine);
        LoadedPromptSet restored = loader.load("btmri@production");
        assertThat(restored.cacheHit()).isFalse();
        assertThat(restored.promptSet().manifest().classNames()).contains("glioma");

        // poisoning the cache itself: a consistent forged copy under the genuine digest's folder
        Path cached = loader.cachedFolder(original.digest());
        Files.writeString(cached.resolve(PromptSet.MANIFEST), new String(genuine,
                StandardCharsets.UTF_8).replace("\"glioma\"", "\"healthy\""));
        LoadedPromptSet afterPoison = loader.load("btmri@production");
        assertThat(afterPoison.cacheHit()).isFalse();
        assertThat(afterPoison.promptSet().manifest().classNames()).contains("glioma").doesNotContain("healthy");
        assertThat(loader.load("btmri@1").cacheHit()).isTrue();
    }
}
