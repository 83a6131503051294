package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class ToolCommandsHelpTest {

    @Test
    void rootHelpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("datasets", "embed", "weights", "pretrain-toy", "run-cell");
    }

    @Test
    void everyCommandDocumentsItsOptions() {
        assertThat(help("embed")).contains("--backbone", "--image", "--text", "--out", "image_features",
                "logit_scale");
        assertThat(help("weights", "fetch")).contains("--revision", "--cache", "HF_ENDPOINT", "HF_TOKEN",
                "backbone.dir");
        assertThat(help("datasets")).contains("--family", "base/novel");
        assertThat(help("pretrain-toy")).contains("--out", "--steps", "--seed", "zero-shot accuracy");
        assertThat(help("run-cell")).contains("--sweep", "--cell", "--spec", "tracking.uri", "runs.dir");
    }

    @Test
    void weightsWithoutASubcommandShowsItsUsage() {
        CliRun run = CliRun.of("weights");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("fetch");
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() {
        CliRun run = CliRun.of("run-cell", "--sweep", "s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--cell", "--spec");
    }

    private static String help(String... command) {
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        return run.out();
    }
}
