package dev.bioprompt.runners.local;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.runners.sweep.CellExecutor;
import dev.bioprompt.runners.sweep.CellIds;
import dev.bioprompt.runners.sweep.SweepExpander;
import dev.bioprompt.runners.sweep.SweepState;
import dev.bioprompt.tracking.file.FileStoreTracker;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk under {@code ./mlruns}, stood in for without mounting anything by a file store on an in-memory file
 * system with a size limit (Jimfs), filled with ballast but for {@code room} bytes: the error names the path, no run is
 * left RUNNING when the failed write freed what it took, nothing is half-written, and once space is freed the sweep
 * resumes to the results of an uninterrupted run.
 */
class FileStoreDiskFullTest {
    private static final SweepSpec SWEEP = SweepExpander.expand(Map.of("experiment", "disk-full",
            "methods", List.of("coop"), "dataset", "toy", "shots", 1, "seeds", List.of(1, 2)), "disk-full");
    private static final int BLOCK = 512;

    @TempDir
    Path dir;

    /** Logs parameters, three epochs of metrics and a 24 KiB artifact (the write most likely to meet a full disk). */
    private CellExecutor executor() {
        return (cell, ctx) -> {
            ctx.run().logParams(Map.of("method", cell.method(), "seed", Long.toString(cell.seed())));
            for (int epoch = 1; epoch <= 3; epoch++) {
                ctx.run().logMetrics(Map.of("loss", 1.0 / (epoch + cell.seed())), epoch);
            }
            Path artifact = Files.write(Files.createTempFile(dir, "prompts", ".bin"), new byte[24 * 1024]);
            ctx.run().logArtifact(artifact, "prompt-set");
            double accuracy = 50 + cell.seed();
            ctx.run().logMetrics(Map.of("accuracy", accuracy), 0);
            return new CellResult(cell, RunStatus.FINISHED, ctx.run().runId(), Map.of("accuracy", accuracy), "");
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2 * BLOCK, 8 * BLOCK, 20 * BLOCK, 48 * BLOCK})
    void aFullDiskNamesThePathLeavesNoRunRunningAndNothingHalfWritten(int room) throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(BLOCK)
                .setMaxSize(512L * 1024).build())) {
            Path mlruns = fs.getPath("/store/mlruns");
            Path runs = dir.resolve("runs");
            new FileStoreTracker(mlruns); // the Default experiment
            Path ballast = fs.getPath("/store/ballast");
            long free = Files.getFileStore(mlruns).getUnallocatedSpace();
            Files.write(ballast, new byte[(int) (free - room)]);
            assertThat(Files.getFileStore(mlruns).getUnallocatedSpace()).isEqualTo((long) room);

            List<String> lines = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            FileStoreTracker tracker = new FileStoreTracker(mlruns);
            try {
                List<CellResult> results = new LocalRunner(runs, tracker, executor(), List.of(Device.cpu()),
                        lines::add).run(SWEEP);
                results.stream().filter(r -> r.status() != RunStatus.FINISHED).forEach(r -> errors.add(r.message()));
                assertThat(results).as("room %d: %s", room, lines).extracting(CellResult::status)
                        .contains(RunStatus.FAILED);
            } catch (RuntimeException e) {
                errors.add(String.valueOf(e.getMessage()));
            }
            assertThat(errors).as("room %d: %s", room, lines).isNotEmpty()
                    .allSatisfy(m -> assertThat(m).contains("out of disk space").contains("/store/mlruns/"));
            assertNothingHalfWritten(mlruns);
            List<RunRecord> written = tracker.listRuns("disk-full");
            if (!written.isEmpty()) {
                // the parent's status write fits in what the failed write gave back: it ended FAILED
                assertThat(written).as("room %d: %s", room, lines).extracting(RunRecord::status)
                        .doesNotContain(RunStatus.RUNNING, RunStatus.FINISHED);
            }

            // space freed: the same command resumes and gives the results of an uninterrupted run
            Files.delete(ballast);
            List<CellResult> resumed = new LocalRunner(runs, new FileStoreTracker(mlruns), executor(),
                    List.of(Device.cpu()), lines::add).run(SWEEP);
            assertThat(resumed).as("room %d: %s", room, lines).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(r.metrics()).containsEntry("accuracy", 50.0 + r.cell().seed());
            });
            assertNothingHalfWritten(mlruns);
            SweepState state = SweepState.open(runs, SWEEP);
            List<RunRecord> all = new FileStoreTracker(mlruns).listRuns("disk-full");
            assertThat(all).filteredOn(r -> r.runId().equals(state.parentRunId().orElseThrow()))
                    .extracting(RunRecord::status).containsExactly(RunStatus.FINISHED);
            assertThat(all).extracting(RunRecord::status).doesNotContain(RunStatus.RUNNING);
            for (var cell : SWEEP.cells()) {
                String id = CellIds.of(cell);
                RunRecord run = all.stream().filter(r -> r.runId().equals(
                        state.result(id).orElseThrow().trackingRunId())).findFirst().orElseThrow();
                assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(run.metrics()).containsEntry("accuracy", 50.0 + cell.seed());
                try (Stream<Path> artifacts = Files.list(mlruns.resolve(run.experimentId()).resolve(run.runId())
                        .resolve("artifacts").resolve("prompt-set"))) {
                    assertThat(artifacts.toList()).singleElement().satisfies(a -> assertThat(Files.size(a))
                            .isEqualTo(24 * 1024));
                }
            }
        }
    }

    /** No temporary file, no run folder without meta.yaml, no metric file with a partial line. */
    private static void assertNothingHalfWritten(Path mlruns) throws Exception {
        try (Stream<Path> walk = Files.walk(mlruns)) {
            for (Path p : walk.toList()) {
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                assertThat(name).as(p.toString()).doesNotStartWith(".bioprompt-tmp-");
                if (Files.isDirectory(p) && name.matches("[0-9a-f]{32}")) {
                    assertThat(p.resolve("meta.yaml")).as("run folder without meta.yaml").exists();
                }
                if (Files.isRegularFile(p) && p.getParent().getFileName().toString().equals("metrics")) {
                    String content = Files.readString(p);
                    assertThat(content).as(p.toString()).endsWith("\n");
                    assertThat(content.split("\n")).allMatch(l -> l.matches("\\d+ \\S+ \\d+"));
                }
            }
        }
    }
}
