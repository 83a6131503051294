package dev.bioprompt.runners.local;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellExecutor;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.sweep.SweepState;
import dev.bioprompt.runners.testkit.FileTestTracker;
import dev.bioprompt.runners.testkit.FileTestTracker.StoredRun;
import dev.bioprompt.runners.testkit.WorkingCellExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunnerTest {
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "local-test",
            "methods", List.of("coop", "zero-shot"), "dataset", "toy", "shots", 2, "seeds", List.of(1, 2)), "test");

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private FileTestTracker tracker() {
        return new FileTestTracker(dir.resolve("mlruns"));
    }

    private LocalRunner runner(FileTestTracker tracker, CellExecutor executor, Device... devices) {
        return new LocalRunner(dir.resolve("runs"), tracker, executor, List.of(devices), lines::add);
    }

    @Test
    void runsEveryCellWithAChildRunOfTheSweepRun() throws Exception {
        FileTestTracker tracker = tracker();
        List<CellResult> results = runner(tracker, new WorkingCellExecutor(2, 1), Device.cpu()).run(SWEEP);

        assertThat(results).extracting(CellResult::cell).containsExactlyElementsOf(SWEEP.cells());
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(r.metrics()).containsEntry("accuracy", 50.0 + r.cell().seed());
        });
        List<StoredRun> runs = tracker.storedRuns();
        StoredRun parent = runs.stream().filter(r -> r.parentRunId() == null).findFirst().orElseThrow();
        assertThat(parent.runName()).isEqualTo(SWEEP.sweepId());
        assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(runs).hasSize(1 + SWEEP.cells().size());
        assertThat(runs).filteredOn(r -> r.parentRunId() != null).allSatisfy(r -> {
            assertThat(r.tags()).containsEntry("mlflow.parentRunId", parent.runId());
            assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(r.experiment()).isEqualTo("local-test");
        });
        assertThat(results).extracting(CellResult::trackingRunId).doesNotHaveDuplicates()
                .allMatch(id -> tracker.stored(id).isPresent());
        assertThat(lines).anyMatch(l -> l.contains("[coop-toy-few-shot-k2-s1] start") && l.contains("tracking-run-id: "))
                .anyMatch(l -> l.contains("[coop-toy-few-shot-k2-s1] finished") && l.contains("accuracy=51.00"));
    }

    @Test
    void rerunSkipsFinishedCellsAndResumesAnInterruptedOneInItsRun() throws Exception {
        FileTestTracker tracker = tracker();
        JobSpec interrupted = SWEEP.cells().get(2);
        AtomicInteger calls = new AtomicInteger();
        // first run: cells 0 and 1 finish; the third is interrupted after its first epoch (Ctrl-C)
        LocalRunner[] first = new LocalRunner[1];
        CellExecutor interrupting = (cell, ctx) -> {
            calls.incrementAndGet();
            if (cell.equals(interrupted)) {
                Files.writeString(ctx.checkpointDir().resolve("epoch-1"), "x");
                ctx.run().logMetrics(Map.of("loss", 1.0), 1);
                first[0].cancel();
                ctx.cancellation().throwIfCancelled();
            }
            return new WorkingCellExecutor(1, 1).execute(cell, ctx);
        };
        first[0] = runner(tracker, interrupting, Device.cpu());
        List<CellResult> firstResults = first[0].run(SWEEP);
        assertThat(firstResults).extracting(CellResult::status).containsExactly(RunStatus.FINISHED,
                RunStatus.FINISHED, RunStatus.KILLED, RunStatus.KILLED);
        assertThat(calls).hasValue(3);
        SweepState state = SweepState.open(dir.resolve("runs"), SWEEP);
        String interruptedRun = state.running(CellIds.of(interrupted)).orElseThrow().trackingRunId();
        String parentRun = state.parentRunId().orElseThrow();
        Set<String> finishedRuns = Set.of(state.result(CellIds.of(SWEEP.cells().get(0))).orElseThrow().trackingRunId(),
                state.result(CellIds.of(SWEEP.cells().get(1))).orElseThrow().trackingRunId());

        Map<String, Path> checkpoints = new ConcurrentHashMap<>();
        CellExecutor recording = (cell, ctx) -> {
            checkpoints.put(CellIds.of(cell), ctx.checkpointDir());
            assertThat(ctx.parentRunId()).isEqualTo(parentRun);
            return new WorkingCellExecutor(2, 1).execute(cell, ctx);
        };
        List<CellResult> results = runner(tracker, recording, Device.cpu()).run(SWEEP);

        assertThat(checkpoints).containsOnlyKeys(CellIds.of(interrupted), CellIds.of(SWEEP.cells().get(3)));
        assertThat(checkpoints.get(CellIds.of(interrupted))).isEqualTo(state.checkpointDir(CellIds.of(interrupted)));
        assertThat(results).allMatch(r -> r.status() == RunStatus.FINISHED);
        assertThat(results.get(2).trackingRunId()).isEqualTo(interruptedRun);
        assertThat(results.subList(0, 2)).extracting(CellResult::trackingRunId)
                .containsExactlyInAnyOrderElementsOf(finishedRuns);
        assertThat(tracker.storedRuns()).hasSize(1 + SWEEP.cells().size());
        StoredRun resumed = tracker.stored(interruptedRun).orElseThrow();
        assertThat(resumed.resumes()).isEqualTo(1);
        assertThat(resumed.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(tracker.metricLines(interruptedRun)).containsExactly("1 loss 1.0", "2 loss 0.5",
                "0 accuracy 51.0");
        assertThat(tracker.stored(parentRun).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(state.running(CellIds.of(interrupted)).orElseThrow().attempt()).isEqualTo(2);
        assertThat(lines).anyMatch(l -> l.contains("already finished"))
                .anyMatch(l -> l.contains("[" + CellIds.of(interrupted) + "] start (resumed) attempt 2"));
    }

    @Test
    void aFailedCellIsRecordedAndRunsAgainOnResubmission() throws Exception {
        FileTestTracker tracker = tracker();
        JobSpec bad = SWEEP.cells().get(1);
        CellExecutor failing = (cell, ctx) -> {
            if (cell.equals(bad)) {
                throw new IllegalStateException("loss is NaN at epoch 3");
            }
            return new WorkingCellExecutor(1, 1).execute(cell, ctx);
        };
        List<CellResult> first = runner(tracker, failing, Device.cpu()).run(SWEEP);
        assertThat(first.get(1).status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.get(1).message()).contains("loss is NaN at epoch 3");
        assertThat(tracker.stored(first.get(1).trackingRunId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(lines).anyMatch(l -> l.contains("FAILED") && l.contains("loss is NaN"));
        String parent = SweepState.open(dir.resolve("runs"), SWEEP).parentRunId().orElseThrow();
        assertThat(tracker.stored(parent).orElseThrow().status()).isEqualTo(RunStatus.FAILED);

        List<CellResult> second = runner(tracker, new WorkingCellExecutor(1, 1), Device.cpu()).run(SWEEP);
        assertThat(second).allMatch(r -> r.status() == RunStatus.FINISHED);
        assertThat(second.get(0).trackingRunId()).isEqualTo(first.get(0).trackingRunId());
        assertThat(second.get(1).trackingRunId()).isNotEqualTo(first.get(1).trackingRunId());
    }

    @Test
    void runsOneCellPerDeviceInParallel() throws Exception {
        FileTestTracker tracker = tracker();
        CountDownLatch bothRunning = new CountDownLatch(2);
        Set<Device> used = ConcurrentHashMap.newKeySet();
        CellExecutor executor = (cell, ctx) -> {
            used.add(ctx.device());
            bothRunning.countDown();
            assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
            return new WorkingCellExecutor(1, 1).execute(cell, ctx);
        };
        List<CellResult> results = runner(tracker, executor, Device.gpu(0), Device.gpu(1)).run(SWEEP);
        assertThat(results).allMatch(r -> r.status() == RunStatus.FINISHED);
        assertThat(used).containsExactlyInAnyOrder(Device.gpu(0), Device.gpu(1));
    }

    @Test
    void cancelStopsRunningCellsMarksRunsKilledAndStaysResumable() throws Exception {
        FileTestTracker tracker = tracker();
        CountDownLatch started = new CountDownLatch(1);
        LocalRunner runner = runner(tracker, (cell, ctx) -> {
            started.countDown();
            while (true) {
                ctx.cancellation().throwIfCancelled();
                Thread.sleep(5);
            }
        }, Device.cpu());
        Thread canceller = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            runner.cancel();
        });
        canceller.start();
        List<CellResult> results = runner.run(SWEEP);
        canceller.join();

        assertThat(results).allMatch(r -> r.status() == RunStatus.KILLED);
        String killedRun = results.get(0).trackingRunId();
        assertThat(tracker.stored(killedRun).orElseThrow().status()).isEqualTo(RunStatus.KILLED);
        SweepState state = SweepState.open(dir.resolve("runs"), SWEEP);
        assertThat(tracker.stored(state.parentRunId().orElseThrow()).orElseThrow().status())
                .isEqualTo(RunStatus.KILLED);
        assertThat(state.result(CellIds.of(SWEEP.cells().get(0)))).isEmpty();
        assertThat(lines).anyMatch(l -> l.contains("cancelled") && l.contains("resumable"));

        List<CellResult> resumed = runner(tracker, new WorkingCellExecutor(1, 1), Device.cpu()).run(SWEEP);
        assertThat(resumed).allMatch(r -> r.status() == RunStatus.FINISHED);
        assertThat(resumed.get(0).trackingRunId()).isEqualTo(killedRun);
        assertThat(tracker.storedRuns()).hasSize(1 + SWEEP.cells().size());
    }

    @Test
    void interruptingTheCallerCancelsTheSweep() throws Exception {
        FileTestTracker tracker = tracker();
        CountDownLatch started = new CountDownLatch(1);
        LocalRunner runner = runner(tracker, (cell, ctx) -> {
            started.countDown();
            Thread.sleep(60_000);
            return null;
        }, Device.cpu());
        AtomicInteger outcome = new AtomicInteger();
        Thread caller = new Thread(() -> {
            try {
                runner.run(SWEEP);
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(2);
            }
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome).hasValue(2);
        assertThat(tracker.storedRuns()).extracting(StoredRun::status).containsOnly(RunStatus.KILLED);
    }
}
