package dev.bioprompt.cli;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.bioprompt.cli.config.ConfigurationFileException;
import dev.bioprompt.cli.config.ConfigurationLayers;
import dev.bioprompt.cli.config.EngineSettings;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.cli.plugins.PluginFolder;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.cli.plugins.PluginRegistry;
import dev.bioprompt.runners.ProcessMemory;
import dev.bioprompt.runners.config.PlatformKeys;
import dev.bioprompt.runners.config.SettingEntry;
import dev.bioprompt.runners.config.SettingsSchema;
import dev.bioprompt.runners.config.SettingsValidator;
import dev.bioprompt.runners.natives.HostFacts;
import dev.bioprompt.runners.natives.NativeLibraryPlan;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code bioprompt} executable: reads the global options, builds the layered configuration, loads the method
 * plugins, wires the commands with Guice and runs one.
 */
public final class Bioprompt {

    /** Commands that train or evaluate, after which the process's peak resident memory is printed. */
    private static final Set<String> REPORTS_PEAK_MEMORY = Set.of("train", "demo", "eval", "run-cell",
            "pretrain-toy");

    private Bioprompt() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err));
    }

    /**
     * Runs one command.
     *
     * @return the exit code (0 success, 1 failure, 2 usage error, 3 gate not passed)
     */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        GlobalOptions global;
        Settings settings;
        try {
            global = GlobalOptions.scan(args);
            settings = ConfigurationLayers.build(ConfigurationLayers.parseAssignments(global.assignments()),
                    environment, global.config(), List.of());
            SettingsValidator.validate(SettingsSchema.platform(), pluginsDirEntries(settings));
        } catch (ConfigurationFileException e) {
            err.println("bioprompt: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IllegalArgumentException e) {
            err.println("bioprompt: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            NativeLibraryPlan plan = EngineSettings.apply(EngineSettings.plan(settings, environment,
                    HostFacts.detect()));
            plan.notices().forEach(notice -> err.println("warning: " + notice));
        } catch (IllegalArgumentException e) {
            err.println("bioprompt: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        PluginRegistry plugins = PluginLoader.fromFolder(PluginFolder.resolve(settings.text(PlatformKeys.PLUGINS_DIR)),
                Bioprompt.class.getClassLoader());
        for (String message : plugins.messages()) {
            err.println("warning: " + message);
        }
        List<String> problems = SettingsValidator.problems(schema(plugins), settings.userEntries());
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("bioprompt: " + p));
            return ExitCodes.USAGE;
        }
        CliContext context = new CliContext(settings, plugins, environment, out, err);
        CommandLine commandLine = commandLine(context);
        commandLine.setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, global.verbose(), err));
        int code = commandLine.execute(args);
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        if (parsed != null && parsed.subcommand() != null
                && REPORTS_PEAK_MEMORY.contains(parsed.subcommand().commandSpec().name())) {
            ProcessMemory.peakResidentBytes().ifPresent(bytes -> err.println("peak resident memory: "
                    + ProcessMemory.human(bytes)));
        }
        return code;
    }

    /** The schema of this process: the platform's keys and the loaded methods' parameters. */
    public static SettingsSchema schema(PluginRegistry plugins) {
        return SettingsSchema.platform().withMethods(plugins.methods().values());
    }

    /** The user's {@code plugins.dir} entries, checked before plugins load. */
    private static List<SettingEntry> pluginsDirEntries(Settings settings) {
        return settings.userEntries().stream().filter(e -> e.key().equals(PlatformKeys.PLUGINS_DIR.key())).toList();
    }

    /** The command tree with its commands built by Guice over a context (tests parse with it without running). */
    public static CommandLine commandLine(CliContext context) {
        return new CommandLine(RootCommand.class,
                new GuiceFactory(Guice.createInjector(Stage.PRODUCTION, new CoreModule(context))));
    }

    private static int handle(Exception e, boolean verbose, PrintWriter err) {
        if (verbose) {
            e.printStackTrace(err);
        }
        if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            err.println("bioprompt: " + String.valueOf(e.getMessage()).replace("\n", "\nbioprompt: "));
            return ExitCodes.of(e);
        }
        err.println("bioprompt: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if (!verbose && e.getCause() != null && e.getCause().getMessage() != null) {
            err.println("  caused by: " + e.getCause().getMessage());
        }
        return ExitCodes.FAILURE;
    }

    /** The folder where relative default paths resolve (the working directory). */
    static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
