package dev.bioprompt.runners.testkit;

import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellContext;
import dev.bioprompt.runners.sweep.CellExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A cell executor that does real, resumable work: a few "epochs", each logging a metric, writing a checkpoint file
 * and sleeping a little; a rerun continues after the last checkpoint. Each start is recorded as an
 * {@code attempt-<n>} file in the checkpoint folder.
 */
public final class WorkingCellExecutor implements CellExecutor {
    private final int epochs;
    private final long epochMillis;

    public WorkingCellExecutor(int epochs, long epochMillis) {
        this.epochs = epochs;
        this.epochMillis = epochMillis;
    }

    @Override
    public CellResult execute(JobSpec cell, CellContext ctx) throws Exception {
        Path dir = ctx.checkpointDir();
        int attempt = 1;
        while (Files.exists(dir.resolve("attempt-" + attempt))) {
            attempt++;
        }
        Files.writeString(dir.resolve("attempt-" + attempt), ctx.run().runId());
        int start = 0;
        while (Files.exists(dir.resolve("epoch-" + (start + 1)))) {
            start++;
        }
        for (int epoch = start + 1; epoch <= epochs; epoch++) {
            ctx.cancellation().throwIfCancelled();
            Thread.sleep(epochMillis);
            ctx.run().logMetrics(Map.of("loss", 1.0 / epoch), epoch);
            Files.writeString(dir.resolve("epoch-" + epoch), "seed " + cell.seed());
        }
        double accuracy = 50 + cell.seed();
        ctx.run().logMetrics(Map.of("accuracy", accuracy), 0);
        return new CellResult(cell, RunStatus.FINISHED, ctx.run().runId(), Map.of("accuracy", accuracy), "");
    }
}
