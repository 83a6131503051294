package dev.bioprompt.runners.local;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.Runner;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.runners.sweep.CancellationFlag;
import dev.bioprompt.runners.sweep.CellExecutor;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.RunningCell;
import dev.bioprompt.runners.sweep.SweepCellRunner;
import dev.bioprompt.runners.sweep.SweepParentRun;
import dev.bioprompt.runners.sweep.SweepState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep in this process: one cell at a time on the CPU, or one cell per visible GPU in parallel.
 *
 * <p>The sweep gets a parent tracking run (recorded in the sweep folder and reused when the sweep resumes), each
 * cell a child run tagged {@code mlflow.parentRunId}. State lives in {@code <runs>/<sweep-id>/} (see
 * {@link SweepState}): a rerun skips finished cells and resumes interrupted ones with their tracking run and
 * checkpoints. Ctrl-C (a JVM shutdown hook) or an interrupt of the calling thread cancels the running cells, marks
 * their tracking runs and the parent run {@code KILLED}, and leaves the state resumable.
 */
public final class LocalRunner implements Runner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final Path runsDir;
    private final Tracker tracker;
    private final CellExecutor executor;
    private final List<Device> devices;
    private final Consumer<String> progress;
    private final CancellationFlag cancellation = new CancellationFlag();

    /**
     * @param runsDir the folder holding sweep state folders
     * @param tracker the tracking store
     * @param executor runs one cell
     * @param devices the devices to run on; one worker per device (never empty)
     * @param progress where progress lines go
     */
    public LocalRunner(Path runsDir, Tracker tracker, CellExecutor executor, List<Device> devices,
                       Consumer<String> progress) {
        this.runsDir = requireNonNull(runsDir, "runsDir is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.devices = List.copyOf(requireNonNull(devices, "devices is null"));
        if (this.devices.isEmpty()) {
            throw new IllegalArgumentException("devices is empty: give at least one device (Device.cpu())");
        }
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** A runner on every visible GPU (or the CPU when there is none), with progress lines to the log. */
    public static LocalRunner onVisibleDevices(Path runsDir, Tracker tracker, CellExecutor executor) {
        return new LocalRunner(runsDir, tracker, executor, visibleDevices(), LOG::info);
    }

    /** Every GPU the DJL engine sees, or the CPU alone. */
    public static List<Device> visibleDevices() {
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
            return List.of(Device.cpu());
        }
        List<Device> list = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            list.add(Device.gpu(i));
        }
        return list;
    }

    @Override
    public String name() {
        return "local";
    }

    /**
     * Requests cancellation of a running sweep (as Ctrl-C does); {@link #run} then returns. Final: a cancelled
     * runner runs nothing more; resume with a new runner.
     */
    public void cancel() {
        cancellation.cancel();
    }

    @Override
    public List<CellResult> run(SweepSpec sweep) throws InterruptedException {
        requireNonNull(sweep, "sweep is null");
        SweepState state = SweepState.open(runsDir, sweep);
        SweepParentRun parent = SweepParentRun.open(tracker, sweep, name(), state, Optional.empty(), progress);
        SweepCellRunner cellRunner = new SweepCellRunner(state, sweep.experiment(), tracker, parent.runId().orElse(""),
                executor, progress);
        Map<String, CellResult> results = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<JobSpec> pending = new ConcurrentLinkedQueue<>();
        for (JobSpec cell : sweep.cells()) {
            String cellId = CellIds.of(cell);
            if (state.isFinished(cellId)) {
                results.put(cellId, state.result(cellId).orElseThrow());
            } else {
                pending.add(cell);
            }
        }
        progress.accept("sweep " + sweep.sweepId() + ": " + sweep.cells().size() + " cells, "
                + (sweep.cells().size() - pending.size()) + " already finished, " + pending.size() + " to run on "
                + devices.subList(0, Math.min(devices.size(), Math.max(1, pending.size()))));

        List<Thread> workers = new ArrayList<>();
        for (Device device : devices.subList(0, Math.min(devices.size(), pending.size()))) {
            Thread worker = new Thread(() -> {
                JobSpec cell;
                while (!cancellation.isCancelled() && (cell = pending.poll()) != null) {
                    String cellId = CellIds.of(cell);
                    try {
                        results.put(cellId, cellRunner.run(cell, device, cancellation));
                    } catch (RuntimeException | Error e) {
                        progress.accept("[" + cellId + "] FAILED: " + e);
                        results.put(cellId, new CellResult(cell, RunStatus.FAILED, state.running(cellId)
                                .map(RunningCell::trackingRunId).orElse(""), Map.of(), e.toString()));
                    }
                }
            }, "bioprompt-cell-" + device);
            workers.add(worker);
        }
        Thread hook = new Thread(() -> {
            if (cancellation.cancel()) {
                progress.accept("sweep " + sweep.sweepId() + ": stopping, cancelling running cells");
            }
            workers.forEach(Thread::interrupt);
            joinAll(workers, SHUTDOWN_GRACE);
            parent.finish(RunStatus.KILLED);
        }, "bioprompt-sweep-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            interrupted = runWorkers(workers);
        } catch (RuntimeException | Error e) {
            parent.finish(RunStatus.FAILED); // never leave the sweep's run RUNNING (a full disk, a broken store)
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and finishes the parent run itself
            }
        }
        List<CellResult> ordered;
        try {
            ordered = ordered(sweep, state, results);
        } catch (RuntimeException | Error e) {
            parent.finish(RunStatus.FAILED);
            throw e;
        }
        parent.finish(ordered, state.dir());
        if (interrupted) {
            throw new InterruptedException("sweep " + sweep.sweepId() + " cancelled");
        }
        return ordered;
    }

    /** Starts the workers and waits for them; true when this thread was interrupted (cancelling them). */
    private boolean runWorkers(List<Thread> workers) {
        boolean interrupted = false;
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancellation.cancel();
                    workers.forEach(Thread::interrupt);
                }
            }
        }
        return interrupted;
    }

    private static List<CellResult> ordered(SweepSpec sweep, SweepState state, Map<String, CellResult> results) {
        List<CellResult> ordered = new ArrayList<>();
        for (JobSpec cell : sweep.cells()) {
            CellResult r = results.get(CellIds.of(cell));
            ordered.add(r != null ? r : new CellResult(cell, RunStatus.KILLED,
                    state.running(CellIds.of(cell)).map(RunningCell::trackingRunId).orElse(""), Map.of(),
                    "cancelled before it started"));
        }
        return ordered;
    }

    private static void joinAll(List<Thread> threads, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
