package dev.bioprompt.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClipConfigTest {

    @Test
    void clipConstantsAreOpenAiClipsAndCopiedOnEachCall() {
        assertThat(OpenClipConfig.clipMean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
        assertThat(OpenClipConfig.clipStd()).containsExactly(0.26862954f, 0.26130258f, 0.27577711f);
        assertThat(OpenClipConfig.PREPROCESS_MEAN).containsExactly(0.48145466, 0.4578275, 0.40821073);
        assertThat(OpenClipConfig.PREPROCESS_STD).containsExactly(0.26862954, 0.26130258, 0.27577711);
        float[] mean = OpenClipConfig.clipMean();
        mean[0] = 0;
        assertThat(OpenClipConfig.clipMean()[0]).isEqualTo(0.48145466f);
    }

    @Test
    void aFolderWithoutConfigGetsTheClipConstants(@TempDir Path dir) throws Exception {
        OpenClipConfig config = OpenClipConfig.read(dir);
        assertThat(config.mean()).containsExactly(OpenClipConfig.clipMean());
        assertThat(config.std()).containsExactly(OpenClipConfig.clipStd());
        assertThat(config.contextLength()).isEqualTo(256);
    }

    @Test
    void aConfigWithoutPreprocessingGetsTheClipConstants(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(OpenClipConfig.FILE), "{\"model_cfg\": {\"text_cfg\": {\"context_length\": 77}}}",
                StandardCharsets.UTF_8);
        OpenClipConfig config = OpenClipConfig.read(dir);
        assertThat(config.mean()).containsExactly(OpenClipConfig.clipMean());
        assertThat(config.std()).containsExactly(OpenClipConfig.clipStd());
        assertThat(config.contextLength()).isEqualTo(77);
    }
}
