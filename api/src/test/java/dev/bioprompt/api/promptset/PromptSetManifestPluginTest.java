package dev.bioprompt.api.promptset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSetManifestPluginTest {

    @TempDir
    Path dir;

    private static PromptSet promptSet(PromptSetManifest manifest) {
        return new PromptSet(manifest, Map.of("ctx", new Tensor(new long[] {2}, new float[] {1f, 2f})));
    }

    private static PromptSetManifest manifest() {
        return new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, "taskres", Map.of("alpha", "0.5"), "fp", "TOY",
                List.of("a", "b"), List.of(), Map.of("accuracy", 50.0), "run", "2026-01-01T00:00:00Z", Map.of());
    }

    @Test
    void pluginIdAndVersionSurviveWritingAndReading() throws Exception {
        promptSet(manifest().withPlugin("taskres", "1.2.0")).writeTo(dir.resolve("set"));

        PromptSetManifest read = PromptSet.readFrom(dir.resolve("set")).manifest();

        assertThat(read.plugin()).isEqualTo("taskres");
        assertThat(read.pluginVersion()).isEqualTo("1.2.0");
        assertThat(read.pluginLabel()).isEqualTo("plugin 'taskres' version 1.2.0");
        assertThat(read.withResults(Map.of(), "other").plugin()).isEqualTo("taskres");
    }

    @Test
    void aManifestWrittenBeforePluginsWereRecordedStillReads() throws Exception {
        PromptSet written = promptSet(manifest());
        String json = new String(written.manifestBytes(), StandardCharsets.UTF_8)
                .replaceAll(",\\s*\"plugin\"\\s*:\\s*\"\"", "").replaceAll(",\\s*\"pluginVersion\"\\s*:\\s*\"\"", "");
        assertThat(json).doesNotContain("plugin");

        PromptSetManifest read = PromptSet.fromBytes(json.getBytes(StandardCharsets.UTF_8), written.promptBytes(),
                "old").manifest();

        assertThat(read.plugin()).isEmpty();
        assertThat(read.pluginVersion()).isEmpty();
        assertThat(read.pluginLabel()).isEqualTo("unknown plugin");
    }
}
