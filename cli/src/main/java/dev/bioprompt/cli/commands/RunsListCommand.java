package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.io.TextTable;
import dev.bioprompt.runners.config.TrackingKeys;
import dev.bioprompt.tracking.RunTableFormatter;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bioprompt runs list}: a table of the runs of an experiment. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the runs of an experiment (default tracking.experiment), newest first, with their main",
            "metrics; --all-experiments lists the runs of every experiment, --experiments the experiments."})
public final class RunsListCommand implements Callable<Integer> {

    /** The metric columns shown when runs have them. */
    static final List<String> METRICS = List.of("accuracy", "macro_f1", "base_accuracy", "novel_accuracy", "hm");

    private final CliContext context;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "Experiment name (default: tracking.experiment, 'bioprompt').")
    String experiment;

    @Option(names = "--experiments", description = "List the experiments of the store with their number of runs.")
    boolean experiments;

    @Option(names = "--all-experiments", description = "List the runs of every experiment, one table each.")
    boolean allExperiments;

    @Inject
    RunsListCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        String name = experiment != null ? experiment : context.settings().get(TrackingKeys.EXPERIMENT);
        try (Tracker tracker = new Stores(context).tracker()) {
            if (experiments || allExperiments) {
                List<String> names;
                try {
                    names = tracker.experimentNames();
                } catch (UnsupportedOperationException e) {
                    throw new IllegalArgumentException(e.getMessage() + " (" + tracker.uri() + "); use --experiment NAME",
                            e);
                }
                if (experiments) {
                    List<List<String>> rows = new ArrayList<>();
                    rows.add(List.of("experiment", "runs"));
                    names.forEach(n -> rows.add(List.of(n, Integer.toString(tracker.listRuns(n).size()))));
                    context.out().print(TextTable.render(rows));
                } else {
                    for (String n : names) {
                        context.out().println("Experiment '" + n + "'");
                        print(tracker, n);
                        context.out().println();
                    }
                }
                context.out().flush();
                return 0;
            }
            print(tracker, name);
        }
        return 0;
    }

    private void print(Tracker tracker, String name) {
        List<RunRecord> runs = tracker.listRuns(name).stream()
                .sorted(Comparator.comparingLong(RunRecord::startTime).reversed()).toList();
        if (runs.isEmpty()) {
            context.out().println("No runs in experiment '" + name + "' of " + tracker.uri());
            context.out().flush();
            return;
        }
        List<String> columns = METRICS.stream()
                .filter(m -> runs.stream().anyMatch(r -> r.metrics().containsKey(m))).toList();
        context.out().print(new RunTableFormatter(columns).table(runs));
        context.out().flush();
    }
}
