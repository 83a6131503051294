package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BioVLM and OGKD beat zero-shot BiomedCLIP on the toy world in each of the three generalisation settings, trained
 * by {@code bioprompt train} with the demo's toy schedule (K=16, 30 epochs, batch 4, rate 0.002, crops of at least
 * 80% of the area, BioVLM bank of 3): few-shot accuracy on TOY_US (the demo test covers TOY_XRAY too), the harmonic
 * mean of base and novel accuracy on TOY_XRAY, and the accuracy on TOY_CXR (another chest X-ray site with its own
 * label set) of prompts trained on TOY_XRAY. The numbers are printed.
 */
@Tag("slow")
class GeneralisationSettingsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "few-shot, TOY_US, '', accuracy",
        "base-to-novel, TOY_XRAY, '', hm",
        "cross-dataset, TOY_XRAY, TOY_CXR, target_TOY_CXR_accuracy"})
    void bioVlmAndOgkdBeatZeroShot(String protocol, String dataset, String targets, String metric) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "-m", "zero-shot,biovlm,ogkd", "-d", dataset,
                "--protocol", protocol, "-k", "16", "--seed", "1", "--epochs", "30",
                "--set", "train.batch-size=4", "--set", "train.learning-rate=0.002",
                "--set", "train.crop-scale-min=0.8", "--set", "method.biovlm.bank-size=3",
                "--set", "runs.dir=" + dir.resolve("runs"), "--set", "tracking.dir=" + dir.resolve("mlruns"),
                "--set", "cache.dir=" + dir.resolve("cache")));
        if (!targets.isEmpty()) {
            args.addAll(List.of("--target", targets));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("exit code; stdout: %s%nstderr: %s", run.out(), run.err())
                .isEqualTo(ExitCodes.OK);

        Map<String, Double> byMethod = new LinkedHashMap<>();
        for (JsonNode cell : CliRun.sweepResults(dir.resolve("runs")).get("runs")) {
            byMethod.put(cell.get("method").asText(), cell.get("metrics").get(metric).asDouble());
        }
        double zeroShot = byMethod.get("zero-shot");
        for (String method : List.of("biovlm", "ogkd")) {
            System.out.printf(Locale.ROOT, "%-14s %-8s %-26s %6.2f vs zero-shot %6.2f%n", protocol, method, metric,
                    byMethod.get(method), zeroShot);
        }
        assertThat(byMethod.get("biovlm")).as("biovlm %s (%s)", metric, protocol).isGreaterThan(zeroShot);
        assertThat(byMethod.get("ogkd")).as("ogkd %s (%s)", metric, protocol).isGreaterThan(zeroShot);
    }
}
