package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.runners.sweep.CancellationFlag;
import dev.bioprompt.runners.sweep.CellExecutor;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.sweep.SweepState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What {@code bioprompt run-cell --sweep <id> --cell <cell-id> --spec <base64>} does inside a cell's pod: decodes
 * the spec, checks it is the named cell, and runs it with {@link SweepCellRunner} against the sweep state under
 * {@code runsDir} (a shared volume makes resubmission skip finished cells; an {@code emptyDir} works too). The
 * experiment and the parent run come from {@value CellJobFactory#EXPERIMENT_ENV} and
 * {@value CellJobFactory#PARENT_RUN_ENV}. SIGTERM (the Job deleted, the deadline passed) cancels the cell: its
 * tracking run ends {@code KILLED}.
 */
public final class PodCellRunner {
    private static final long SHUTDOWN_GRACE_SECONDS = 25;

    private PodCellRunner() {
    }

    /**
     * Runs the cell of a pod.
     *
     * @param sweepId the {@code --sweep} value
     * @param cellId the {@code --cell} value
     * @param encodedSpec the {@code --spec} value
     * @param env the process environment ({@code System.getenv()})
     * @param runsDir the sweep state folder
     * @param tracker the tracking store
     * @param executor runs the cell
     * @param device the device
     * @param progress where progress lines go (the pod log: it carries the {@code tracking-run-id:} line)
     * @return the cell's result
     * @throws IllegalArgumentException for a bad {@code --spec} or one that is not the named cell
     */
    public static CellResult run(String sweepId, String cellId, String encodedSpec, Map<String, String> env,
                                 Path runsDir, Tracker tracker, CellExecutor executor, Device device,
                                 Consumer<String> progress) {
        requireNonNull(env, "env is null");
        JobSpec cell = CellSpecCodec.decode(requireNonNull(encodedSpec, "encodedSpec is null"));
        if (!CellIds.of(cell).equals(cellId)) {
            throw new IllegalArgumentException("--spec describes cell '" + CellIds.of(cell) + "', not --cell '"
                    + cellId + "'");
        }
        String experiment = env.getOrDefault(CellJobFactory.EXPERIMENT_ENV, SweepExpander.DEFAULT_EXPERIMENT);
        String parentRunId = env.getOrDefault(CellJobFactory.PARENT_RUN_ENV, "");
        SweepState state = SweepState.open(runsDir, new SweepSpec(sweepId, experiment, List.of(cell)));
        SweepCellRunner runner = new SweepCellRunner(state, experiment, tracker, parentRunId, executor, progress);

        CancellationFlag cancellation = new CancellationFlag();
        Thread caller = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancellation.cancel();
            caller.interrupt();
            try {
                done.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bioprompt-cell-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run(cell, device, cancellation);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it returns now that the cell ended
            }
        }
    }
}
