package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {

    /** The golden tiny backbone of the backbone module, with torch reference features. */
    static final Path TINY = Path.of("../backbone/src/test/resources/parity/tiny_b");

    @TempDir
    Path dir;

    @Test
    void featuresMatchTheTorchReference() throws IOException {
        JsonNode reference = new ObjectMapper().readTree(TINY.resolve("reference.json").toFile());
        List<String> args = new ArrayList<>(List.of("--set", "runner.device=cpu", "embed", "--backbone", TINY.toString()));
        List<JsonNode> texts = new ArrayList<>();
        for (JsonNode t : reference.get("texts")) {
            texts.add(t);
            args.add("--text");
            args.add(t.get("text").asText());
        }
        for (JsonNode image : reference.get("images")) {
            args.add("--image");
            args.add(TINY.resolve(image.get("file").asText()).toString());
        }
        Path out = dir.resolve("features.json");
        args.add("--out");
        args.add(out.toString());

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.get("text_features")).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertClose(json.get("text_features").get(i), texts.get(i).get("features"), "text " + i);
        }
        assertThat(json.get("image_features")).hasSize(reference.get("images").size());
        for (int i = 0; i < reference.get("images").size(); i++) {
            assertClose(json.get("image_features").get(i), reference.get("images").get(i).get("features"),
                    "image " + i);
        }
        assertThat(json.get("logit_scale").asDouble()).isCloseTo(reference.get("logit_scale_exp").asDouble(),
                Offset.offset(1e-3));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("features.json");
        }
    }

    @Test
    void printsToStandardOutputWithoutOut() throws IOException {
        CliRun run = CliRun.of("--set", "runner.device=cpu", "embed", "--backbone", TINY.toString(), "--text", "a tumor");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("text_features").get(0)).hasSize(64);
        assertThat(json.get("image_features")).isEmpty();
    }

    @Test
    void missingImageIsNamedAndNothingIsWritten() {
        Path out = dir.resolve("features.json");
        CliRun run = CliRun.of("embed", "--backbone", TINY.toString(), "--image", dir.resolve("nope.png").toString(),
                "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("nope.png", "image file not found");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingBackboneFolderIsNamed() {
        CliRun run = CliRun.of("embed", "--backbone", dir.resolve("no-such-model").toString(), "--text", "x");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("backbone folder", "no-such-model", "does not exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutBackboneUsesTheEmbeddedToy() {
        CliRun run = CliRun.of(Map.of("BIOPROMPT_CACHE", dir.toString()), "--set", "runner.device=cpu", "embed",
                "--text", "a tumor");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("text_features");
    }

    @Test
    void nothingToEncodeIsAUsageError() {
        CliRun run = CliRun.of("embed", "--backbone", TINY.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--image", "--text");
    }

    private static void assertClose(JsonNode actual, JsonNode expected, String what) {
        assertThat(actual).as(what).hasSize(expected.size());
        double max = 0;
        for (int i = 0; i < expected.size(); i++) {
            max = Math.max(max, Math.abs(actual.get(i).asDouble() - expected.get(i).asDouble()));
        }
        assertThat(max).as(what + " max abs difference").isLessThan(1e-4);
    }
}
