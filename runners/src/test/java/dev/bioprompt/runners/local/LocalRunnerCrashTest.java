package dev.bioprompt.runners.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepState;
import dev.bioprompt.runners.testkit.FileTestTracker;
import dev.bioprompt.runners.testkit.FileTestTracker.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a sweep's JVM mid-cell, first as Ctrl-C does (SIGTERM, shutdown hook), then with a hard kill, and checks that
 * the restarted sweep finishes every cell exactly once, with exactly one tracking run per cell.
 */
class LocalRunnerCrashTest {
    private static final SweepSpec SWEEP = CrashSweepMain.SWEEP;

    @TempDir
    Path dir;

    @Test
    void aKilledSweepResumesWithExactlyOneResultAndOneRunPerCell() throws Exception {
        Path runs = dir.resolve("runs");
        Path mlruns = dir.resolve("mlruns");
        Path cells = runs.resolve(SWEEP.sweepId()).resolve("cells");

        // 1. Ctrl-C (SIGTERM): the shutdown hook cancels the running cell and marks its run and the parent KILLED
        Process first = start(runs, mlruns, dir.resolve("first.log"));
        awaitProgress(first, cells, 1);
        first.destroy();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        FileTestTracker tracker = new FileTestTracker(mlruns);
        SweepState afterStop = SweepState.open(runs, SWEEP);
        assertThat(tracker.stored(afterStop.parentRunId().orElseThrow()).orElseThrow().status())
                .isEqualTo(RunStatus.KILLED);
        List<StoredRun> stopped = tracker.storedRuns().stream()
                .filter(r -> r.parentRunId() != null && r.status() != RunStatus.FINISHED).toList();
        assertThat(stopped).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.KILLED);
            assertThat(afterStop.result(r.tags().get("bioprompt.cell"))).isEmpty();
        });
        assertThat(Files.readString(dir.resolve("first.log"))).contains("stopping, cancelling running cells");

        // 2. a hard kill in the middle of a later cell: no hook runs, the cell's run stays RUNNING
        Process killed = start(runs, mlruns, dir.resolve("killed.log"));
        awaitProgress(killed, cells, countFiles(cells, "result.json") + 1);
        killed.destroyForcibly().waitFor();
        long finishedBeforeKill = countFiles(cells, "result.json");
        assertThat(finishedBeforeKill).isBetween(2L, (long) SWEEP.cells().size() - 1);

        Process second = start(runs, mlruns, dir.resolve("second.log"));
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();

        SweepState state = SweepState.open(runs, SWEEP);
        List<StoredRun> all = tracker.storedRuns();
        String parent = state.parentRunId().orElseThrow();
        assertThat(all).filteredOn(r -> r.parentRunId() == null).extracting(StoredRun::runId).containsExactly(parent);
        assertThat(all).hasSize(1 + SWEEP.cells().size());
        int resumedCells = 0;
        for (JobSpec cell : SWEEP.cells()) {
            String id = CellIds.of(cell);
            assertThat(state.isFinished(id)).as(id).isTrue();
            String runId = state.result(id).orElseThrow().trackingRunId();
            List<StoredRun> cellRuns = all.stream().filter(r -> id.equals(r.tags().get("bioprompt.cell"))).toList();
            assertThat(cellRuns).as(id).extracting(StoredRun::runId).containsExactly(runId);
            assertThat(cellRuns.get(0).status()).as(id).isEqualTo(RunStatus.FINISHED);
            assertThat(cellRuns.get(0).tags()).containsEntry("mlflow.parentRunId", parent);
            // every epoch logged once: a resumed cell continued from its checkpoint
            assertThat(tracker.metricLines(runId)).as(id).filteredOn(l -> l.contains(" loss ")).hasSize(4);
            if (cellRuns.get(0).resumes() > 0) {
                resumedCells++;
                // the resumed start found the checkpoint folder of the killed start (in the rare case that the kill
                // landed between the start record and the first checkpoint, the folder holds one attempt)
                assertThat(state.checkpointDir(id).resolve("attempt-1")).hasContent(runId);
            }
        }
        assertThat(resumedCells).isBetween(1, 2);
        assertThat(Files.readString(dir.resolve("killed.log"))).contains("start (resumed) attempt 2");
        assertThat(Files.readString(dir.resolve("second.log"))).contains("start (resumed) attempt 2");
        assertThat(tracker.stored(parent).orElseThrow()).satisfies(p -> {
            assertThat(p.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(p.resumes()).isEqualTo(2);
        });
    }

    /** Waits until at least {@code results} cells finished and another one has checkpointed an epoch. */
    private static void awaitProgress(Process process, Path cells, long results) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(countFiles(cells, "result.json") >= results && midCell(cells))) {
            assertThat(process.isAlive()).as("the sweep ended before it could be stopped").isTrue();
            assertThat(System.nanoTime()).as("the sweep made no progress").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private Process start(Path runs, Path mlruns, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashSweepMain.class.getName(), runs.toString(), mlruns.toString(), "100")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean midCell(Path cells) throws Exception {
        if (!Files.isDirectory(cells)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(cells)) {
            return dirs.anyMatch(c -> !Files.exists(c.resolve("result.json"))
                    && Files.exists(c.resolve("checkpoint").resolve("epoch-1")));
        }
    }

    private static long countFiles(Path cells, String name) throws Exception {
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(cells)) {
            return dirs.filter(c -> Files.exists(c.resolve(name))).count();
        }
    }
}
