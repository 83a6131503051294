package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.ci.GatePolicy;
import dev.bioprompt.ci.GateResult;
import dev.bioprompt.ci.Promoter;
import dev.bioprompt.ci.PromotionRequest;
import dev.bioprompt.ci.PromotionResult;
import dev.bioprompt.ci.TextGateReport;
import dev.bioprompt.ci.TrackerCandidateSource;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.stores.RegistryMirroring;
import dev.bioprompt.cli.stores.RunPromptSets;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.registry.StoredPromptSetRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt promote}: publishes the prompt set of a training run as a new immutable registry version and moves
 * an alias to it, behind the promotion gate when a policy is given. With an MLflow tracking server the MLflow model
 * registry mirrors the change.
 */
@Command(name = "promote",
        header = "Publish a run's prompt set as a registry version and move an alias.",
        mixinStandardHelpOptions = true,
        description = {"Publish a run's prompt set (its prompt-set/ artifacts) as a new immutable registry version and",
            "move an alias to it. With --policy the candidate is gated first (exit 3 and nothing published when it",
            "does not pass). With an http(s) tracking.uri the MLflow model registry mirrors versions and aliases."})
public final class PromoteCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--run", paramLabel = "RUN_ID",
            description = "The run whose prompt set is published (default: the candidate's run; for a sweep, its "
                    + "finished run with the best primary metric of --policy, the earliest on a tie).")
    String run;

    @Option(names = "--candidate", paramLabel = "SWEEP_OR_RUN",
            description = "What the gate evaluates: a sweep id, a sweep's parent run id or a run id (default: --run).")
    String candidate;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The prompt-set name in the registry.")
    String name;

    @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias to move, e.g. production.")
    String alias;

    @Option(names = "--policy", paramLabel = "FILE", description = "Gate the promotion with this policy (its alias is replaced by --alias).")
    Path policy;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the alias log.")
    String reason;

    @Option(names = "--junit", paramLabel = "FILE", description = "With --policy: write the gate's JUnit XML report.")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "With --policy: write the gate's Markdown report.")
    Path markdown;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "The experiment holding the sweep's runs (default: the experiment: of the -c experiment "
                    + "file, else tracking.experiment).")
    String experiment;

    @Option(names = "--mirror", paramLabel = "MODE", defaultValue = "strict",
            description = "With an MLflow tracking server: strict (default) fails the command (exit 1) when the MLflow"
                    + " model registry cannot be brought in step (the registry version stays published; running "
                    + "promote again repairs it); best-effort only warns.")
    String mirror;

    @Inject
    PromoteCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        if (run == null && candidate == null) {
            throw new UsageException("promote needs --run RUN_ID or --candidate RUN_OR_SWEEP");
        }
        RegistryMirroring.Mode mirrorMode = RegistryMirroring.Mode.parse(mirror);
        GatePolicy gatePolicy = policy == null ? null : GateCommand.loadPolicy(policy).withAlias(alias);
        String candidateId = candidate != null ? candidate : run;
        Stores stores = new Stores(context);
        StoredPromptSetRegistry registry = stores.registry();
        try (Tracker tracker = stores.tracker()) {
            TrackerCandidateSource source = new TrackerCandidateSource(tracker, experimentName());
            RunRecord published = publishedRun(tracker, source, candidateId, gatePolicy);
            PromptSet promptSet = new RunPromptSets(stores.mlflowServer(), context.environment()).load(published);
            String why = reason != null ? reason : "promoted from run " + published.runId();
            PromotionResult result = new Promoter(registry, source).promote(new PromotionRequest(name, promptSet, alias,
                    why, gatePolicy == null ? null : candidateId, gatePolicy));
            if (result.gate().isPresent()) {
                GateResult verdict = result.gate().get();
                GateCommand.writeReports(verdict, junit, markdown);
                context.out().print(TextGateReport.render(verdict));
            }
            if (!result.promoted()) {
                context.out().println("Not promoted: the gate did not pass; nothing was published.");
                context.out().flush();
                return ExitCodes.GATE_FAILED;
            }
            var version = result.version().orElseThrow();
            context.out().printf("Published %s@v%d (%s) from run %s; %s@%s -> %s@v%d%n", name, version.version(),
                    version.uri(), published.runId(), name, alias, name, result.alias().orElseThrow().version());
            context.out().flush();
            boolean mirrored = stores.registryMirroring(registry).map(m -> m.sync(name, version.version(),
                    published.runId(), alias, mirrorMode, context.err())).orElse(true);
            return mirrored ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    private RunRecord publishedRun(Tracker tracker, TrackerCandidateSource source, String candidateId,
                                   GatePolicy gatePolicy) throws IOException {
        List<RunRecord> runs = source.candidate(candidateId).runs();
        if (run != null) {
            RunRecord record = tracker.getRun(run).orElseThrow(() -> new IllegalArgumentException("--run '" + run
                    + "' does not exist in " + tracker.uri()));
            if (candidate != null && runs.stream().noneMatch(r -> r.runId().equals(run))) {
                throw new IllegalArgumentException("--run '" + run + "' is not part of candidate '" + candidate + "'");
            }
            return record;
        }
        if (runs.size() == 1) {
            return runs.get(0);
        }
        if (gatePolicy == null) {
            throw new UsageException("candidate '" + candidateId + "' is a sweep of " + runs.size()
                    + " runs: pass --run RUN_ID to choose the one to publish, or --policy to pick its best run");
        }
        String metric = gatePolicy.primaryMetric();
        return runs.stream().filter(r -> r.status() == RunStatus.FINISHED && r.metrics().containsKey(metric))
                .max(Comparator.<RunRecord>comparingDouble(r -> r.metrics().get(metric))
                        .thenComparing(Comparator.comparingLong(RunRecord::startTime).reversed()))
                .orElseThrow(() -> new IllegalArgumentException("no finished run of sweep '" + candidateId
                        + "' has metric '" + metric + "'; pass --run RUN_ID"));
    }

    private String experimentName() {
        return new Stores(context).candidateExperiment(experiment);
    }
}
