package dev.bioprompt.cli.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Reproducing the papers" sequence end to end on local stand-ins: {@code datasets fetch} (a tiny
 * BTMRI zip from the stand-in hub), {@code datasets verify}, {@code descriptions import} (fixture code in the
 * authors' syntax), {@code train -c} (BiomedCoOp, K=1, the embedded toy backbone) and {@code report}, whose
 * published column is filled.
 */
class ReproducePapersEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void fetchImportTrainReport() throws IOException {
        try (StandInHosts hosts = new StandInHosts()) {
            hosts.file(DatasetsFetchCommandTest.HUB_ZIP + "BTMRI.zip", TinyBtmri.zip(6));
            Map<String, String> env = Map.of("HF_ENDPOINT", hosts.endpoint());
            Path root = dir.resolve("data");
            String[] common = {"--set", "cache.dir=" + dir.resolve("cache"), "--set", "runs.dir=" + dir.resolve("runs"),
                "--set", "tracking.uri=" + dir.resolve("mlruns"), "--set", "data.root=" + root};

            CliRun fetch = CliRun.of(env, args(common, "datasets", "fetch", "BTMRI"));
            assertThat(fetch.exitCode()).as(fetch.err()).isZero();
            CliRun verify = CliRun.of(env, args(common, "datasets", "verify", "BTMRI"));
            assertThat(verify.out()).containsPattern("total\\s+12\\s+4\\s+8");

            CliRun descriptions = CliRun.of(env, args(common, "descriptions", "import", "BTMRI", "--from",
                    "biomedcoop", "--code", "src/test/resources/reproduce/biomedcoop-code"));
            assertThat(descriptions.exitCode()).as(descriptions.out() + descriptions.err()).isZero();
            assertThat(descriptions.out()).contains("4 of 4 classes")
                    .contains("class 'normal brain' is 'Normal Brain' in the collection");
            JsonNode written = new ObjectMapper().readTree(root.resolve("BTMRI/descriptions.json").toFile());
            assertThat(written.get("glioma tumor").get(1).asText()).isEqualTo("a red image, slightly noisy.");

            Path experiment = Files.writeString(dir.resolve("btmri.yaml"), """
                    experiment: btmri-reproduce
                    methods: [biomedcoop]
                    datasets: [BTMRI]
                    protocol: few-shot
                    shots: [1]
                    seeds: [1]
                    train:
                      epochs: 1
                      batch-size: 4
                    """);
            CliRun train = CliRun.of(env, args(common, "train", "-c", experiment.toString()));
            assertThat(train.exitCode()).as(train.out() + train.err()).isZero();

            Path sweep;
            try (Stream<Path> sweeps = Files.list(dir.resolve("runs"))) {
                sweep = sweeps.filter(p -> Files.isRegularFile(p.resolve("results.json"))).findFirst().orElseThrow();
            }
            CliRun report = CliRun.of(env, args(common, "report", sweep.getFileName().toString()));
            assertThat(report.exitCode()).as(report.err()).isZero();
            assertThat(report.out()).contains("## Few-shot accuracy (%)")
                    .containsPattern("\\| biomedcoop \\| 1 \\| accuracy \\| 1 \\| 1 \\| \\d+\\.\\d\\d \\| 57\\.03 \\| [+-]\\d+\\.\\d\\d \\| \\[1\\] \\|")
                    .contains("BiomedCoOp README");
            assertThat(sweep.resolve("report.md")).isRegularFile();
            assertThat(sweep.resolve("report.csv")).isRegularFile();
            JsonNode json = new ObjectMapper().readTree(sweep.resolve("report.json").toFile());
            assertThat(json.get("rows").get(0).get("published").asDouble()).isEqualTo(57.03);
            try (Stream<Path> artifacts = Files.walk(dir.resolve("mlruns"))) {
                assertThat(artifacts.map(p -> p.toString().replace('\\', '/')))
                        .anyMatch(p -> p.endsWith("artifacts/report/report.md"));
            }
        }
    }

    private static String[] args(String[] common, String... rest) {
        return Stream.concat(Stream.of(common), Stream.of(rest)).toArray(String[]::new);
    }
}
