package dev.bioprompt.runners.local;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellContext;
import dev.bioprompt.runners.sweep.CellExecutor;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.tracking.file.FileStoreTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A child-process sweep for {@link SignalLifecycleTest} on the real file store: {@code <runs-dir> <mlruns-dir>
 * <phase-millis>}. Each cell goes through the phases of a training cell, announcing each on standard output
 * ({@code PHASE <cell> <phase>}): before the first epoch, two epochs, evaluation, artifact writing.
 */
public final class SignalSweepMain {
    static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "signal-test",
            "methods", List.of("coop"), "dataset", "toy", "shots", 1, "seeds", List.of(1, 2)), "signal-test");

    private SignalSweepMain() {
    }

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[2]);
        try (FileStoreTracker tracker = new FileStoreTracker(Path.of(args[1]))) {
            LocalRunner runner = new LocalRunner(Path.of(args[0]), tracker, new PhasedExecutor(millis),
                    List.of(Device.cpu()), System.out::println);
            List<CellResult> results = runner.run(SWEEP);
            System.exit(results.stream().allMatch(r -> r.status() == RunStatus.FINISHED) ? 0 : 1);
        }
    }

    /** Sleeps through the phases of a training cell, logging as a real cell does. */
    static final class PhasedExecutor implements CellExecutor {
        private final long millis;

        PhasedExecutor(long millis) {
            this.millis = millis;
        }

        @Override
        public CellResult execute(JobSpec cell, CellContext ctx) throws Exception {
            phase(ctx, "before-epoch");
            for (int epoch = 1; epoch <= 2; epoch++) {
                phase(ctx, "epoch-" + epoch);
                ctx.run().logMetrics(Map.of("loss", 1.0 / epoch), epoch);
            }
            phase(ctx, "evaluation");
            double accuracy = 50 + cell.seed();
            ctx.run().logMetrics(Map.of("accuracy", accuracy), 0);
            Path artifacts = Files.createTempDirectory("signal-artifacts-");
            Files.write(artifacts.resolve("prompts.bin"), new byte[1 << 20]);
            System.out.println("PHASE " + ctx.cellId() + " artifacts");
            System.out.flush();
            for (int i = 0; i < 20; i++) {
                ctx.run().logArtifact(artifacts.resolve("prompts.bin"), "prompt-set/part-" + i);
                Thread.sleep(millis / 20);
            }
            return new CellResult(cell, RunStatus.FINISHED, ctx.run().runId(), Map.of("accuracy", accuracy), "");
        }

        private void phase(CellContext ctx, String name) throws InterruptedException {
            ctx.cancellation().throwIfCancelled();
            System.out.println("PHASE " + ctx.cellId() + " " + name);
            System.out.flush();
            Thread.sleep(millis);
        }
    }
}
