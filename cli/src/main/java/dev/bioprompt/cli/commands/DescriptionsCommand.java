package dev.bioprompt.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bioprompt descriptions}: LLM class descriptions; see its subcommands. */
@Command(name = "descriptions", mixinStandardHelpOptions = true,
        description = "Manage LLM class descriptions (see 'bioprompt descriptions import --help').",
        subcommands = {DescriptionsImportCommand.class})
public final class DescriptionsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
