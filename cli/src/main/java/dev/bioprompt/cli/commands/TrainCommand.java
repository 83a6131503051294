package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.runners.config.Setting;
import dev.bioprompt.runners.config.SweepKeys;
import dev.bioprompt.runners.config.TrainKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bioprompt train}: one run or a sweep (methods x datasets x shots x seeds) on the configured runner. */
@Command(name = "train",
        header = "Train and evaluate methods: one run, or a sweep from an experiment YAML.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train and evaluate prompt-tuning methods: one run, or a sweep expanded from an experiment YAML",
            "(-c FILE; keys methods, datasets, protocol, shots, seeds, targets, and any setting such as",
            "train.epochs or method.coop.n-ctx; a list is a matrix axis). Options below override the file.",
            "The same cells run by the same code on the same input files are the same sweep: its finished cells are",
            "skipped and an interrupted cell resumes from its checkpoint; after a change of code or inputs they run",
            "again as a new sweep.",
            "Prints the results per run and averaged over seeds, and writes runs/<sweep>/results.{json,csv}.",
            "Defaults: the embedded toy backbone and the generated toy world (datasets TOY_MRI, TOY_US, TOY_XRAY, TOY_CXR)."})
public final class TrainCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = {"-m", "--method"}, split = ",", paramLabel = "NAME", description = "Method(s) (see 'bioprompt methods').")
    List<String> methods = new ArrayList<>();

    @Option(names = {"-d", "--dataset"}, split = ",", paramLabel = "DS", description = "Dataset(s) (see 'bioprompt datasets').")
    List<String> datasets = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "P", description = "few-shot (default), base-to-novel or cross-dataset.")
    String protocol;

    @Option(names = {"-k", "--shots"}, split = ",", paramLabel = "K", description = "Shots per class (default 16).")
    List<Integer> shots = new ArrayList<>();

    @Option(names = "--seed", split = ",", paramLabel = "S", description = "Seed(s) (default 1,2,3).")
    List<Integer> seeds = new ArrayList<>();

    @Option(names = "--target", split = ",", paramLabel = "DS", description = "Target dataset(s) for cross-dataset.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--epochs", paramLabel = "N", description = "Override the method's epochs (train.epochs).")
    Integer epochs;

    @Option(names = "--data-root", paramLabel = "DIR", description = "Dataset root (data.root); default: the toy world.")
    String dataRoot;

    @Option(names = "--backbone", paramLabel = "DIR", description = "Backbone folder (backbone.dir); default: the toy backbone.")
    String backbone;

    @Option(names = "--result-file", paramLabel = "FILE",
            description = "Write the sweep id, parent run id, experiment and each run's id and status as JSON.")
    Path resultFile;

    @Option(names = "--sweep-id-file", paramLabel = "FILE",
            description = "Write the sweep id to FILE before training starts (for CI pipelines: pass it to 'gate "
                    + "--candidate' and 'promote --candidate').")
    Path sweepIdFile;

    @Inject
    TrainCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> experiment = TrainingSession.experiment(context.settings());
        override(experiment, "methods", "method", methods);
        override(experiment, "datasets", "dataset", datasets);
        override(experiment, "shots", null, shots);
        override(experiment, "seeds", "seed", seeds);
        if (protocol != null) {
            experiment.put("protocol", protocol);
        }
        if (!targets.isEmpty()) {
            experiment.put("targets", List.copyOf(targets));
        }
        if (epochs != null) {
            checkOption("--epochs", TrainKeys.EPOCHS, Integer.toString(epochs));
            experiment.put(TrainKeys.EPOCHS.key(), Integer.toString(epochs));
        }
        for (int k : shots) {
            checkOption("--shots", SweepKeys.SHOTS, Integer.toString(k));
        }
        if (protocol != null) {
            checkOption("--protocol", SweepKeys.PROTOCOL, protocol);
        }
        if (dataRoot != null) {
            experiment.put("data.root", dataRoot);
        }
        if (backbone != null) {
            experiment.put("backbone.dir", backbone);
        }
        SweepSpec sweep = TrainingSession.expand(context, experiment);
        if (sweepIdFile != null) {
            AtomicFiles.writeString(sweepIdFile, sweep.sweepId() + "\n");
        }
        List<CellResult> results = TrainingSession.run(context, sweep);
        if (resultFile != null) {
            writeResultFile(sweep, results);
        }
        long failed = results.stream().filter(r -> r.status() != RunStatus.FINISHED).count();
        if (failed > 0) {
            context.err().println(failed + " of " + results.size() + " run(s) did not finish; see the table above");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private void writeResultFile(SweepSpec sweep, List<CellResult> results) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("sweepId", sweep.sweepId());
        root.put("parentRunId", TrainingSession.parentRunId(context, sweep).orElse(""));
        root.put("experiment", sweep.experiment());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (CellResult r : results) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("cellId", r.cell().cellId());
            run.put("method", r.cell().method());
            run.put("dataset", r.cell().dataset());
            run.put("runId", r.trackingRunId());
            run.put("status", r.status().name());
            runs.add(run);
        }
        root.put("runs", runs);
        AtomicFiles.writeString(resultFile, new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        context.out().println("Result written to " + resultFile.toAbsolutePath());
    }

    /** Checks a command-line option's value with the schema of its key; a usage error naming the option. */
    static void checkOption(String option, Setting setting, String value) {
        try {
            setting.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " (" + setting.key() + ") " + e.getMessage());
        }
    }

    private static void override(Map<String, Object> experiment, String plural, String singular, List<?> values) {
        if (values.isEmpty()) {
            return;
        }
        experiment.remove(plural);
        if (singular != null) {
            experiment.remove(singular);
        }
        experiment.put(plural, values.stream().map(String::valueOf).toList());
    }
}
