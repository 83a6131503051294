package dev.bioprompt.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bioprompt registry}: the prompt-set registry. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = {"Inspect the prompt-set registry and move aliases back.",
            "registry.uri: a folder (default registry-store), file:/dir or s3://bucket/prefix",
            "(registry.s3.endpoint, registry.s3.region, registry.s3.path-style; credentials from the AWS chain)."},
        subcommands = {RegistryListCommand.class, RegistryShowCommand.class, RegistryHistoryCommand.class,
            RegistryRollbackCommand.class, RegistryVerifyCommand.class})
public final class RegistryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
