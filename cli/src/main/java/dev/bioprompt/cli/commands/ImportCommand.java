package dev.bioprompt.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bioprompt import}: converts prompts trained elsewhere; see its subcommands. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert prompts trained by other code into prompt sets (see 'bioprompt import dassl --help').",
        subcommands = {ImportDasslCommand.class})
public final class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
