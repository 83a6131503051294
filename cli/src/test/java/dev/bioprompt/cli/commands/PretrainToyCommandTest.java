package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.ToyBackbone;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainToyCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheReleasedLayoutAndReportsZeroShotAccuracy() throws IOException {
        Path out = dir.resolve("toy");
        CliRun run = CliRun.of("--set", "runner.device=cpu", "--set", "cache.dir=" + dir.resolve("cache"), "pretrain-toy",
                "--out", out.toString(), "--steps", "2", "--seed", "5");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        for (String file : ToyBackbone.FILES) {
            assertThat(out.resolve(file)).isRegularFile();
        }
        assertThat(run.out()).contains("toy backbone written to " + out)
                .containsPattern("TOY_MRI +zero-shot accuracy [01]\\.\\d{3} \\(chance 0\\.\\d{3}")
                .containsPattern("TOY_US +zero-shot accuracy")
                .containsPattern("TOY_XRAY +zero-shot accuracy");
        try (VisionLanguageModel model = BiomedClipLoader.load(out, Device.cpu())) {
            assertThat(model.dimensions().imageSize()).isEqualTo(64);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("toy", "cache");
        }
    }

    @Test
    void refusesAnExistingFolder() throws IOException {
        Path out = Files.createDirectories(dir.resolve("exists"));
        CliRun run = CliRun.of("pretrain-toy", "--out", out.toString(), "--steps", "1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains(out.toString(), "already exists");
        try (var files = Files.list(out)) {
            assertThat(files.toList()).isEqualTo(List.of());
        }
    }

    @Test
    void outIsRequired() {
        CliRun run = CliRun.of("pretrain-toy");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--out");
    }
}
