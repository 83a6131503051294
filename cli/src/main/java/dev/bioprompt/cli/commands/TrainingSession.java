package dev.bioprompt.cli.commands;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.Runner;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.cli.Bioprompt;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.config.DeviceSetting;
import dev.bioprompt.cli.config.KubernetesSettings;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.cli.plugins.LoadedMethod;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.runners.cell.BackboneProvider;
import dev.bioprompt.runners.cell.SweepPreflight;
import dev.bioprompt.runners.cell.TrainingCellExecutor;
import dev.bioprompt.runners.config.KubernetesKeys;
import dev.bioprompt.runners.config.PlatformKeys;
import dev.bioprompt.runners.config.RunnerKeys;
import dev.bioprompt.runners.config.SettingEntry;
import dev.bioprompt.runners.config.SweepKeys;
import dev.bioprompt.runners.config.TrackingKeys;
import dev.bioprompt.runners.kubernetes.KubernetesRunner;
import dev.bioprompt.runners.local.LocalRunner;
import dev.bioprompt.runners.report.SweepReport;
import dev.bioprompt.runners.sweep.CodeFingerprint;
import dev.bioprompt.runners.sweep.InputFingerprint;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.sweep.SweepIdentity;
import dev.bioprompt.runners.sweep.SweepState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a sweep on the configured runner with the real training executor, then prints and writes the results table.
 * The runner attaches the table to the sweep's parent run when every cell finished
 * ({@link dev.bioprompt.runners.sweep.SweepParentRun}). Shared by {@code train} and {@code demo}.
 */
final class TrainingSession {

    private TrainingSession() {
    }

    /**
     * Runs every unfinished cell of the sweep and reports.
     *
     * @return the results, in sweep order
     */
    static List<CellResult> run(CliContext context, SweepSpec sweep) throws InterruptedException, IOException {
        Settings settings = context.settings();
        Path runsDir = settings.path(PlatformKeys.RUNS_DIR);
        Stores stores = new Stores(context);
        Path cache = stores.cacheDir();
        context.out().printf("Sweep %s: %d cell(s), experiment '%s', runs in %s%s%n", sweep.sweepId(),
                sweep.cells().size(), sweep.experiment(), runsDir.resolve(sweep.sweepId()),
                parentRunId(context, sweep).map(id -> ", parent run " + id + " (resuming)").orElse(""));
        List<String> others = SweepIdentity.sameCellsOtherCodeOrInputs(runsDir, sweep.sweepId());
        if (!others.isEmpty()) {
            String earlier = others.size() <= 3 ? String.join(", ", others)
                    : String.join(", ", others.subList(0, 3)) + " and " + (others.size() - 3) + " more";
            context.out().printf("  The same cells ran with other code or inputs in %s; they run again as a new "
                    + "sweep (those results are kept, not reused).%n", earlier);
        }
        List<CellResult> results;
        try (Tracker tracker = stores.tracker();
             BackboneProvider backbones = new BackboneProvider(cache)) {
            TrainingCellExecutor executor = new TrainingCellExecutor(context.plugins().methods(), backbones, cache,
                    true, line -> context.out().println(line)).withPlugins(context.plugins().origins());
            Runner runner = runner(context, runsDir, tracker, executor);
            results = runner.run(sweep);
            context.out().println("Tracking: " + tracker.uri());
        }
        SweepReport report = new SweepReport(results);
        context.out().println();
        context.out().print(report.toText());
        Path out = runsDir.resolve(sweep.sweepId());
        report.write(out);
        context.out().println("Results written to " + out.resolve("results.json") + " and results.csv");
        context.out().printf("Sweep %s: parent run %s, experiment '%s'%n", sweep.sweepId(),
                parentRunId(context, sweep).orElse("-"), sweep.experiment());
        return results;
    }

    /** The sweep's parent tracking run, once the sweep has one (read without creating anything). */
    static Optional<String> parentRunId(CliContext context, SweepSpec sweep) {
        Path dir = context.settings().path(PlatformKeys.RUNS_DIR).resolve(sweep.sweepId());
        if (!Files.exists(dir.resolve("sweep.json"))) {
            return Optional.empty();
        }
        return SweepState.open(context.settings().path(PlatformKeys.RUNS_DIR), sweep).parentRunId();
    }

    private static Runner runner(CliContext context, Path runsDir, Tracker tracker, TrainingCellExecutor executor) {
        String kind = context.settings().text(RunnerKeys.KIND);
        if (kind.equals("local")) {
            return new LocalRunner(runsDir, tracker, executor, DeviceSetting.resolveAll(context.settings()),
                    line -> context.out().println(line));
        }
        if (kind.equals("kubernetes")) {
            return KubernetesRunner.fromEnvironment(KubernetesSettings.from(context.settings()), tracker);
        }
        throw new IllegalArgumentException("configuration key 'runner.kind' must be local or kubernetes, was '"
                + kind + "'");
    }

    /**
     * Expands an experiment into a sweep and checks the whole sweep (methods, parameters, datasets, protocol,
     * targets, inputs) before anything is written. The id ends with the digits of the code and the input files
     * ({@link SweepIdentity}).
     *
     * @throws UsageException for a usage error, naming the key
     * @throws IOException naming a missing or unreadable input
     */
    static SweepSpec expand(CliContext context, Map<String, Object> experiment) throws IOException {
        SweepSpec sweep;
        try {
            sweep = SweepExpander.expand(experiment, source(context));
        } catch (IllegalArgumentException e) {
            throw new UsageException(String.valueOf(e.getMessage()).replace("key 'targets'", "--target (key 'targets')"),
                    e);
        }
        SweepPreflight preflight = new SweepPreflight(context.plugins().methods(), Bioprompt.schema(context.plugins()),
                new Stores(context).cacheDir());
        preflight.check(sweep);
        return SweepIdentity.of(sweep, codeDigest(context, sweep), InputFingerprint.of(preflight.inputFiles(sweep)));
    }

    /**
     * The digest of the code that will run the sweep's cells: on Kubernetes the cell image's reference (the pods run
     * the image's code), otherwise this process's class path and the jars of the sweep's plugin-folder methods.
     */
    private static String codeDigest(CliContext context, SweepSpec sweep) {
        if (context.settings().text(RunnerKeys.KIND).equals("kubernetes")) {
            return CodeFingerprint.ofText("image " + context.settings().text(KubernetesKeys.IMAGE));
        }
        List<Path> pluginJars = sweep.cells().stream().map(JobSpec::method).distinct()
                .map(name -> context.plugins().loaded().get(name)).filter(Objects::nonNull)
                .map(LoadedMethod::origin).map(TrainingSession::jarFile).flatMap(Optional::stream).toList();
        return CodeFingerprint.ofClassPathAnd(pluginJars);
    }

    /** A plugin's origin as a jar file, when it names one (class-path plugins are part of the class path anyway). */
    private static Optional<Path> jarFile(String origin) {
        try {
            Path path = Path.of(origin);
            return origin.endsWith(".jar") && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static String source(CliContext context) {
        return context.settings().userEntries().stream().map(SettingEntry::source)
                .filter(s -> !s.startsWith("--set") && !s.startsWith("environment")).findFirst()
                .map(s -> s.replaceAll(" line \\d+$", "")).orElse("command line");
    }

    /** Builds the experiment map a sweep expands from, out of the layered settings. */
    static Map<String, Object> experiment(Settings settings) {
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put(SweepKeys.EXPERIMENT_ALIAS, settings.text(TrackingKeys.EXPERIMENT));
        for (Map.Entry<String, String> e : settings.asMap().entrySet()) {
            String key = e.getKey();
            if (INFRASTRUCTURE.stream().anyMatch(p -> key.equals(p) || key.startsWith(p + "."))) {
                continue;
            }
            Object raw = settings.raw(key);
            experiment.put(key, raw instanceof List<?> list ? List.copyOf(list) : e.getValue());
        }
        return experiment;
    }

    private static final List<String> INFRASTRUCTURE = List.of("plugins", "tracking", "registry", "runs", "runner",
            "kubernetes", "cache");
}
