package dev.bioprompt.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bioprompt runs}: the runs in the tracking store. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Inspect training runs in the tracking store (tracking.uri: empty for ./mlruns, a folder, "
                + "or an http(s) MLflow server).",
        subcommands = {RunsListCommand.class, RunsShowCommand.class})
public final class RunsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
