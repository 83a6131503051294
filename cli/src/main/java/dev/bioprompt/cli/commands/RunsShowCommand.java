package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.tracking.RunTableFormatter;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bioprompt runs show RUN_ID}: everything about one run. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one run: status, params, final metrics, tags and artifact location.")
public final class RunsShowCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId;

    @Inject
    RunsShowCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        try (Tracker tracker = new Stores(context).tracker()) {
            RunRecord run = tracker.getRun(runId).orElseThrow(() -> new IllegalArgumentException("run '" + runId
                    + "' does not exist in " + tracker.uri()));
            context.out().print(new RunTableFormatter(List.of()).details(run));
            context.out().flush();
        }
        return 0;
    }
}
