package dev.bioprompt.cli.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionsImportCommandTest {

    @TempDir
    Path dir;

    private Path code(String dict) throws IOException {
        Path code = dir.resolve("code");
        Files.createDirectories(code.resolve("trainers"));
        Files.writeString(code.resolve("trainers/prompt_templates.py"), dict);
        return code;
    }

    @Test
    void missingClassesStopTheFileUnlessAllowed() throws IOException {
        Path code = code("BIOMEDDPT_TEMPLATES = {\n    \"glioma tumor\": [\"made up.\"],  # one class only\n}\n");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("descriptions", "import", "BTMRI", "--from", "biomed-dpt", "--code", code.toString(),
                "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("BTMRI: 1 of 4 classes have descriptions")
                .contains("class 'normal brain' has no descriptions").contains("BTMRI not written");
        assertThat(out.resolve("BTMRI.json")).doesNotExist();

        CliRun allowed = CliRun.of("descriptions", "import", "BTMRI", "--from", "biomed-dpt", "--code",
                code.toString(), "--out", out.toString(), "--allow-missing");
        assertThat(allowed.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("BTMRI.json").toFile());
        assertThat(json.get("glioma tumor").get(0).asText()).isEqualTo("made up.");
        assertThat(json.size()).isEqualTo(1);
    }

    @Test
    void codeIsNeverExecutedAndTheLineIsNamed() throws IOException {
        Path marker = dir.resolve("ran");
        Path code = code("import os\nos.system('touch " + marker + "')\nBIOMEDDPT_TEMPLATES = {}\n");
        CliRun run = CliRun.of("descriptions", "import", "BTMRI", "--from", "biomed-dpt", "--code", code.toString(),
                "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("prompt_templates.py: line 1").contains("never executed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void unknownCollectionIsAUsageError() {
        CliRun run = CliRun.of("descriptions", "import", "BTMRI", "--from", "gpt", "--code", dir.toString(),
                "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("biomedcoop, biomed-dpt, ogkd or biovlm");
    }
}
