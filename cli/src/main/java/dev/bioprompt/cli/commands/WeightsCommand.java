package dev.bioprompt.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bioprompt weights}: manages backbone weights; see its subcommands. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Manage backbone weights (see 'bioprompt weights fetch --help').",
        subcommands = {WeightsFetchCommand.class})
public final class WeightsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
