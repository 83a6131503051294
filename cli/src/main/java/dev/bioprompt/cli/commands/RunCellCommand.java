package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.config.DeviceSetting;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.runners.cell.BackboneProvider;
import dev.bioprompt.runners.cell.TrainingCellExecutor;
import dev.bioprompt.runners.config.PlatformKeys;
import dev.bioprompt.runners.config.TrackingKeys;
import dev.bioprompt.runners.kubernetes.CellSpecCodec;
import dev.bioprompt.runners.kubernetes.PodCellRunner;
import dev.bioprompt.tracking.TrackerFactory;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt run-cell}: the entry point of a Kubernetes cell pod. Runs one sweep cell with the training
 * executor and records it in the configured tracking store; see {@link PodCellRunner}.
 */
@Command(name = "run-cell", mixinStandardHelpOptions = true,
        description = {
            "Run one sweep cell (the command of a Kubernetes cell pod; 'bioprompt train' submits these).",
            "The cell's settings come from --spec; keys it leaves unset or empty under data., backbone.,",
            "descriptions., train. and method. are filled from this process's configuration (for example a",
            "backbone.dir mounted into the pod). The run is tracked in tracking.uri; sweep state lives under",
            "runs.dir. Environment: BIOPROMPT_EXPERIMENT, BIOPROMPT_PARENT_RUN_ID (set by the Job).",
            "Exit code 0 when the cell finished, 1 when it failed or was cancelled."})
public final class RunCellCommand implements Callable<Integer> {

    /** The setting prefixes a cell reads that this process may fill in. */
    static final List<String> CELL_PREFIXES = List.of("data.", "backbone.", "descriptions.", "train.", "method.");

    private final CliContext context;

    @Option(names = "--sweep", paramLabel = "ID", required = true, description = "The sweep id.")
    String sweepId;

    @Option(names = "--cell", paramLabel = "CELL_ID", required = true, description = "The cell id within the sweep.")
    String cellId;

    @Option(names = "--spec", paramLabel = "ENCODED", required = true,
            description = "The cell's job spec: compact JSON, base64url without padding.")
    String spec;

    @Inject
    RunCellCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = context.settings();
        JobSpec decoded = CellSpecCodec.decode(spec);
        String encoded = CellSpecCodec.encode(withLocalSettings(decoded, settings));
        Path cacheDir = CacheDirectory.resolve(settings, context.environment());
        Path runsDir = settings.path(PlatformKeys.RUNS_DIR);
        Device device = DeviceSetting.resolve(settings);
        PrintWriter out = context.out();
        Consumer<String> log = line -> {
            out.println(line);
            out.flush();
        };
        CellResult result;
        try (Tracker tracker = TrackerFactory.fromUri(settings.text(TrackingKeys.URI),
                     settings.path(TrackingKeys.DIR), context.environment());
             BackboneProvider backbones = new BackboneProvider(cacheDir)) {
            TrainingCellExecutor executor = new TrainingCellExecutor(context.plugins().methods(), backbones, cacheDir,
                    false, log).withPlugins(context.plugins().origins());
            result = PodCellRunner.run(sweepId, cellId, encoded, context.environment(), runsDir, tracker, executor,
                    device, log);
        }
        if (result.status() == RunStatus.FINISHED) {
            out.println("cell " + cellId + " finished (tracking run " + result.trackingRunId() + ")");
            out.flush();
            return 0;
        }
        context.err().println("bioprompt: cell " + cellId + " ended " + result.status()
                + (result.message().isEmpty() ? "" : ": " + result.message()));
        return 1;
    }

    /** The spec with keys it leaves unset or empty filled from this process's configuration. */
    static JobSpec withLocalSettings(JobSpec cell, Settings settings) {
        Map<String, String> merged = new LinkedHashMap<>(cell.settings());
        settings.asMap().forEach((key, value) -> {
            boolean cellKey = CELL_PREFIXES.stream().anyMatch(key::startsWith);
            String own = merged.get(key);
            if (cellKey && !value.isBlank() && (own == null || own.isBlank())) {
                merged.put(key, value);
            }
        });
        if (merged.equals(cell.settings())) {
            return cell;
        }
        return new JobSpec(cell.method(), cell.dataset(), cell.protocol(), cell.shots(), cell.seed(), cell.targets(),
                merged);
    }
}
