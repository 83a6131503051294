package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One experiment key: {@code tracking.experiment} (or the YAML top-level {@code experiment:}) names the experiment
 * of {@code train}; {@code runs list} lists experiments and runs across them; {@code train} reports its sweep id and
 * parent run id, also as {@code --result-file}; the parent run ends FINISHED, tagged with its runner, carrying the
 * results table.
 */
class ExperimentKeyTest {

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--set", "runner.device=cpu",
                "--set", "tracking.dir=" + dir.resolve("mlruns"), "--set", "runs.dir=" + dir.resolve("runs"),
                "--set", "cache.dir=" + dir.resolve("cache")));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void trainHonoursTheExperimentKeyAndRunsListSpansExperiments() throws Exception {
        Path result = dir.resolve("result.json");
        CliRun a = run("--set", "tracking.experiment=exp-a", "train", "-m", ProbeMethodPlugin.NAME, "-d", "TOY_US",
                "-k", "1", "--seed", "1", "--result-file", result.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.toFile());
        String sweepId = json.get("sweepId").asText();
        String parent = json.get("parentRunId").asText();
        assertThat(sweepId).startsWith("exp-a-");
        assertThat(json.get("experiment").asText()).isEqualTo("exp-a");
        assertThat(parent).isNotEmpty();
        assertThat(json.get("runs").get(0).get("status").asText()).isEqualTo("FINISHED");
        assertThat(a.out()).contains("Sweep " + sweepId + ": parent run " + parent + ", experiment 'exp-a'");
        Path parentRun;
        try (var paths = Files.walk(dir.resolve("mlruns"))) {
            parentRun = paths.filter(p -> p.getFileName().toString().equals(parent) && Files.isDirectory(p))
                    .findFirst().orElseThrow();
        }
        assertThat(Files.readString(parentRun.resolve("meta.yaml"))).contains("status: 3");
        assertThat(Files.readString(parentRun.resolve("tags/bioprompt.runner"))).isEqualTo("local");
        assertThat(parentRun.resolve("artifacts/summary/results.json")).isRegularFile();
        assertThat(parentRun.resolve("artifacts/summary/results.csv")).isRegularFile();

        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, "experiment: exp-b\nmethods: [" + ProbeMethodPlugin.NAME + "]\ndatasets: [TOY_US]\n"
                + "shots: [1]\nseeds: [1]\n");
        CliRun b = run("train", "-c", yaml.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();

        CliRun experiments = run("runs", "list", "--experiments");
        assertThat(experiments.exitCode()).as(experiments.err()).isZero();
        assertThat(experiments.out()).containsPattern("exp-a +2").containsPattern("exp-b +2");
        CliRun all = run("runs", "list", "--all-experiments");
        assertThat(all.out()).contains("Experiment 'exp-a'", "Experiment 'exp-b'", json.get("runs").get(0)
                .get("runId").asText());
        CliRun one = run("--set", "tracking.experiment=exp-b", "runs", "list");
        assertThat(one.out()).doesNotContain(json.get("runs").get(0).get("runId").asText());
    }
}
