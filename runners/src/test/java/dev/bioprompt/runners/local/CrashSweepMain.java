package dev.bioprompt.runners.local;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.testkit.FileTestTracker;
import dev.bioprompt.runners.testkit.WorkingCellExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A child-process sweep for {@link LocalRunnerCrashTest}: {@code <runs-dir> <tracker-dir> <epoch-millis>}. */
public final class CrashSweepMain {
    static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "crash-test",
            "methods", List.of("coop", "biomed-dpt"), "dataset", "toy", "shots", 1, "seeds", List.of(1, 2, 3)),
            "crash-test");

    private CrashSweepMain() {
    }

    public static void main(String[] args) throws Exception {
        FileTestTracker tracker = new FileTestTracker(Path.of(args[1]));
        LocalRunner runner = new LocalRunner(Path.of(args[0]), tracker,
                new WorkingCellExecutor(4, Long.parseLong(args[2])), List.of(Device.cpu()), System.out::println);
        List<CellResult> results = runner.run(SWEEP);
        System.exit(results.stream().allMatch(r -> r.status() == RunStatus.FINISHED) ? 0 : 1);
    }
}
