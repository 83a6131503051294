package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.cli.Bioprompt;
import dev.bioprompt.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's first command, end to end: every built-in method trains on the toy world with the embedded toy
 * backbone, and every trained method beats zero-shot on the few-shot test sets.
 */
@Tag("slow")
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyTrainedMethodBeatsZeroShotOnTheToyWorld() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Bioprompt.run(new String[] {"demo",
            "--set", "runs.dir=" + dir.resolve("runs"),
            "--set", "tracking.dir=" + dir.resolve("mlruns"),
            "--set", "cache.dir=" + dir.resolve("cache")},
                Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));

        System.out.println(out);
        assertThat(code).as("demo exit code; stderr: %s", err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Every trained method is above zero-shot.")
                .contains("coop", "biomedcoop", "biomed-dpt", "biovlm", "ogkd", "cocoop", "kgcoop", "prograd", "maple",
                        "dpt", "clip-adapter", "tip-adapter", "tip-adapter-f", "linear-probe", "lp-plus-plus")
                .doesNotContain("NOT above");
        try (var files = Files.walk(dir.resolve("runs"))) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().equals("results.csv"))).isTrue();
        }
        try (var files = Files.walk(dir.resolve("mlruns"))) {
            assertThat(files.map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .anyMatch(p -> p.endsWith("artifacts/summary/results.csv")))
                    .as("the sweep's parent run carries the results table").isTrue();
        }
    }
}
