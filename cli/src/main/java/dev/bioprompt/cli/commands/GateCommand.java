package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.ci.GatePolicy;
import dev.bioprompt.ci.GatePolicyException;
import dev.bioprompt.ci.GateReportFiles;
import dev.bioprompt.ci.GateResult;
import dev.bioprompt.ci.Promoter;
import dev.bioprompt.ci.TextGateReport;
import dev.bioprompt.ci.TrackerCandidateSource;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.stores.Stores;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt gate}: compares a candidate run or sweep with the prompt set holding an alias, under a policy;
 * exit 0 when it passes, 3 when it does not.
 */
@Command(name = "gate",
        header = "Check a candidate against the champion with a gate policy (exit 3 if not passed).",
        mixinStandardHelpOptions = true,
        description = {"Evaluate a candidate (a run id, or a sweep's parent run id) against the champion: the prompt",
            "set currently holding the policy's alias (or --against) in the registry, compared through its runs.",
            "Prints the comparison and which runs counted; exit code 0 = passed, 3 = not passed, 2 = a policy or",
            "usage mistake (no report is written), 1 = error."})
public final class GateCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The prompt-set name in the registry.")
    String name;

    @Option(names = "--candidate", required = true, paramLabel = "SWEEP_OR_RUN",
            description = "A sweep id (as 'bioprompt train' prints it), a sweep's parent run id, or a run id.")
    String candidate;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The gate policy YAML file.")
    Path policy;

    @Option(names = "--against", paramLabel = "ALIAS", description = "Compare with this alias's holder instead of the policy's alias.")
    String against;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the checks as a JUnit XML report.")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown report (e.g. a CI job summary).")
    Path markdown;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "The experiment holding the sweep's runs (default: the experiment: of the -c experiment "
                    + "file, else tracking.experiment).")
    String experiment;

    @Inject
    GateCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        GatePolicy gatePolicy = loadPolicy(policy);
        if (against != null) {
            gatePolicy = gatePolicy.withAlias(against);
        }
        Stores stores = new Stores(context);
        GateResult result;
        try (Tracker tracker = stores.tracker()) {
            result = new Promoter(stores.registry(), new TrackerCandidateSource(tracker, experimentName()))
                    .gate(name, gatePolicy, candidate);
        }
        writeReports(result, junit, markdown);
        context.out().print(TextGateReport.render(result));
        context.out().flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.GATE_FAILED;
    }

    /**
     * Reads a policy file; a file that does not follow the policy schema is a usage error (exit 2, no report).
     */
    static GatePolicy loadPolicy(Path file) throws IOException {
        try {
            return GatePolicy.load(file);
        } catch (GatePolicyException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static void writeReports(GateResult result, Path junit, Path markdown) throws IOException {
        if (junit != null) {
            GateReportFiles.writeJUnit(result, junit);
        }
        if (markdown != null) {
            GateReportFiles.writeMarkdown(result, markdown);
        }
    }

    private String experimentName() {
        return new Stores(context).candidateExperiment(experiment);
    }
}
