package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Base-to-novel and cross-dataset run end to end from {@code bioprompt train} for every built-in method on the toy
 * world, and report the metrics of their setting (base / novel / HM; source and target accuracies).
 */
class TrainSettingsEndToEndTest {

    private static final String METHODS = "zero-shot,zero-shot-ensemble,coop,biomedcoop,biomed-dpt,biovlm,ogkd,"
            + "cocoop,kgcoop,prograd,maple,dpt";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "base-to-novel, TOY_XRAY, '', hm",
        "cross-dataset, TOY_US, 'TOY_MRI,TOY_XRAY', target_TOY_MRI_accuracy"})
    void everyMethodRunsTheSetting(String protocol, String dataset, String targets, String metric) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "-m", METHODS, "-d", dataset, "--protocol", protocol,
                "-k", "4", "--seed", "1", "--epochs", "2",
                "--set", "train.batch-size=4", "--set", "method.biovlm.bank-size=3",
                "--set", "runs.dir=" + dir.resolve("runs"), "--set", "tracking.dir=" + dir.resolve("mlruns"),
                "--set", "cache.dir=" + dir.resolve("cache")));
        if (!targets.isEmpty()) {
            args.addAll(List.of("--target", targets));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));

        System.out.println(run.out());
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(ExitCodes.OK);
        JsonNode runs = CliRun.sweepResults(dir.resolve("runs")).get("runs");
        assertThat(runs).hasSize(METHODS.split(",").length);
        for (JsonNode cell : runs) {
            assertThat(cell.get("status").asText()).as(cell.get("method").asText()).isEqualTo("FINISHED");
            assertThat(cell.get("metrics").get(metric).asDouble()).as("%s of %s", metric, cell.get("method").asText())
                    .isBetween(0.0, 100.0);
        }
    }
}
