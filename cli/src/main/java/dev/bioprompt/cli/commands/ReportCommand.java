package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.runners.config.PlatformKeys;
import dev.bioprompt.runners.report.PaperReport;
import dev.bioprompt.runners.report.PublishedResults;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bioprompt report}: the papers' table over one or more sweeps, beside the published numbers. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Print the table the papers print over the finished runs of one or more sweeps: few-shot accuracy",
            "per method and K, base-to-novel base/novel/HM, cross-dataset accuracy per target; each the mean over",
            "datasets of the mean over seeds, with the published number and the difference where the papers",
            "give one. Writes report.md, report.csv and report.json, and logs them as artifacts (report/) of",
            "each sweep's parent run."})
public final class ReportCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(arity = "1..*", paramLabel = "SWEEP",
            description = "Sweep ids (folders under runs.dir) or sweep folders holding results.json.")
    List<String> sweeps;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the files (default: the first sweep's "
            + "folder).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
            description = "What to print: markdown, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Inject
    ReportCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        if (!List.of("markdown", "csv", "json").contains(format)) {
            throw new UsageException("--format must be markdown, csv or json, was '" + format + "'");
        }
        Path runsDir = context.settings().path(PlatformKeys.RUNS_DIR);
        List<Path> folders = new ArrayList<>();
        List<PaperReport.Run> runs = new ArrayList<>();
        for (String sweep : sweeps) {
            Path folder = Path.of(sweep);
            if (!Files.isRegularFile(folder.resolve("results.json"))) {
                folder = runsDir.resolve(sweep);
            }
            if (!Files.isRegularFile(folder.resolve("results.json"))) {
                throw new UsageException("sweep '" + sweep + "': no results.json in " + Path.of(sweep) + " or "
                        + runsDir.resolve(sweep));
            }
            folders.add(folder);
            runs.addAll(PaperReport.readRuns(folder.resolve("results.json")));
        }
        if (runs.isEmpty()) {
            context.err().println("no finished runs in " + folders);
            return 1;
        }
        PaperReport report = PaperReport.of(runs, PublishedResults.builtIn());
        Path target = out != null ? out : folders.get(0);
        List<Path> files = report.write(target);
        String printed = switch (format) {
            case "csv" -> report.toCsv();
            case "json" -> new String(report.toJson(), StandardCharsets.UTF_8);
            default -> report.toMarkdown();
        };
        context.out().print(printed);
        context.out().flush();
        for (Path folder : folders) {
            attach(folder, files);
        }
        context.err().println("Report written to " + target.resolve("report.md") + ", report.csv and report.json");
        return 0;
    }

    /** Logs the report files under {@code report/} of the sweep's parent run, when the store can reopen it. */
    private void attach(Path sweepFolder, List<Path> files) throws IOException {
        Path parentFile = sweepFolder.resolve("parent-run.json");
        if (!Files.isRegularFile(parentFile)) {
            return;
        }
        JsonNode node = new ObjectMapper().readTree(parentFile.toFile());
        Optional<String> parent = Optional.ofNullable(node.get("trackingRunId")).map(JsonNode::asText)
                .filter(s -> !s.isBlank());
        if (parent.isEmpty()) {
            return;
        }
        try (Tracker tracker = new Stores(context).tracker()) {
            if (!(tracker instanceof ResumableTracker resumable) || tracker.getRun(parent.get()).isEmpty()) {
                return;
            }
            RunStatus status = tracker.getRun(parent.get()).get().status();
            TrackedRun run = resumable.resumeRun(parent.get());
            for (Path f : files) {
                run.logArtifact(f, "report");
            }
            run.finish(status == RunStatus.RUNNING ? RunStatus.FINISHED : status);
            context.err().println("Report logged to run " + parent.get() + " (artifacts report/)");
        }
    }
}
