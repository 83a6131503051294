package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk, stood in for by a write quota on the folder store: the path is named, no number is skipped. */
class DiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskNamesThePathPublishesNothingAndSkipsNoVersionNumber() throws Exception {
        WriteQuota quota = WriteQuota.of(0);
        FolderObjectStore store = new FolderObjectStore(dir.resolve("registry"), quota);
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(store, false);
        // room for the probe and part of the publication only, then for nothing at all
        for (long room : new long[] {0, 64, 1200}) {
            quota.free(room);
            assertThatThrownBy(() -> registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production",
                    "x", AliasExpectation.any())).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining(dir.resolve("registry").toString());
            assertThat(registry.versions("btmri")).isEmpty();
        }
        quota.free(1L << 30);
        RegistryVersion v = registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production", "x",
                AliasExpectation.any()).version();
        RegistryVersion next = registry.publish("btmri", SamplePromptSets.sample("run-2", 2));

        assertThat(v.version()).as(store.listKeys("").toString()).isEqualTo(1);
        assertThat(next.version()).isEqualTo(2);
        assertThat(new RegistryVerifier(registry).verify("btmri").problems()).isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("registry"))) {
            assertThat(files.filter(p -> AtomicFiles.isTemporary(p) || p.getFileName().toString().contains(".tmp-")))
                    .isEmpty();
        }
    }
}
