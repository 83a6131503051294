package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner's one-cell-per-device mode, exercised on two CPU workers: two cells train at the same time in one
 * process and end exactly as when they run one after the other (CoOp has no dropout, so nothing depends on timing).
 */
class ParallelCellsTest {

    @TempDir
    Path dir;

    private Map<String, String> trainOn(String devices, String name) {
        CliRun run = CliRun.of("train", "-m", "coop", "-d", "TOY_XRAY", "-k", "4", "--seed", "1,2", "--epochs", "3",
                "--set", "train.batch-size=4", "--set", "runner.device=" + devices,
                "--set", "runs.dir=" + dir.resolve(name), "--set", "tracking.dir=" + dir.resolve(name + "-mlruns"),
                "--set", "cache.dir=" + dir.resolve("cache"));
        assertThat(run.exitCode()).as("exit code; stdout: %s%nstderr: %s", run.out(), run.err())
                .isEqualTo(ExitCodes.OK);
        if (devices.contains(",")) {
            assertThat(run.out()).contains("2 to run on [cpu(), cpu()]");
        }
        Map<String, String> bySeed = new TreeMap<>();
        try {
            for (JsonNode cell : CliRun.sweepResults(dir.resolve(name)).get("runs")) {
                assertThat(cell.get("status").asText()).isEqualTo("FINISHED");
                bySeed.put(cell.get("seed").asText(), cell.get("metrics").toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bySeed;
    }

    @Test
    void twoWorkersTrainTheSameCellsAsOne() {
        Map<String, String> parallel = trainOn("cpu,cpu", "parallel");
        Map<String, String> sequential = trainOn("cpu", "sequential");
        assertThat(parallel).hasSize(2).isEqualTo(sequential);
    }
}
