package dev.bioprompt.cli;

import dev.bioprompt.cli.commands.ConfigCommand;
import dev.bioprompt.cli.commands.DatasetsCommand;
import dev.bioprompt.cli.commands.DemoCommand;
import dev.bioprompt.cli.commands.DescriptionsCommand;
import dev.bioprompt.cli.commands.EmbedCommand;
import dev.bioprompt.cli.commands.EvalCommand;
import dev.bioprompt.cli.commands.GateCommand;
import dev.bioprompt.cli.commands.ImportCommand;
import dev.bioprompt.cli.commands.MethodsCommand;
import dev.bioprompt.cli.commands.PredictCommand;
import dev.bioprompt.cli.commands.PretrainToyCommand;
import dev.bioprompt.cli.commands.PromoteCommand;
import dev.bioprompt.cli.commands.RegistryCommand;
import dev.bioprompt.cli.commands.ReportCommand;
import dev.bioprompt.cli.commands.RunCellCommand;
import dev.bioprompt.cli.commands.RunsCommand;
import dev.bioprompt.cli.commands.TrainCommand;
import dev.bioprompt.cli.commands.WeightsCommand;
import dev.bioprompt.cli.doctor.DoctorCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bioprompt}: the root command; prints help when no command is given. */
@Command(name = "bioprompt", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Few-shot prompt tuning of biomedical vision-language models (BiomedCLIP).",
            "",
            "Configuration layers, first wins: --set KEY=VALUE, BIOPROMPT_* environment variables",
            "(BIOPROMPT_METHOD_COOP_N__CTX=8 sets method.coop.n-ctx), the --config YAML file,",
            "the method's preset for the dataset, built-in defaults. Unknown keys are refused;",
            "'bioprompt config keys' lists every key, 'bioprompt config' shows the resolved values.",
            "",
            "Exit codes: 0 success, 1 failure, 2 usage error, 3 promotion gate not passed."},
        subcommands = {MethodsCommand.class, DatasetsCommand.class, DemoCommand.class, TrainCommand.class,
            EvalCommand.class, PredictCommand.class, RunsCommand.class, GateCommand.class, PromoteCommand.class,
            RegistryCommand.class, EmbedCommand.class, WeightsCommand.class, PretrainToyCommand.class,
            RunCellCommand.class, DescriptionsCommand.class, ReportCommand.class,
            ImportCommand.class, DoctorCommand.class, ConfigCommand.class})
public final class RootCommand implements Runnable {

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
