package dev.bioprompt.runners.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGINT (Ctrl-C) and SIGTERM (what Kubernetes sends a pod) at every phase of a cell, in a child JVM on the real file
 * store: the process exits 130 or 143, every open run (the cell's and the sweep's parent) is KILLED with an end time,
 * nothing fails on an interrupted write, and the next start resumes the sweep to the end.
 */
@Tag("slow")
class SignalLifecycleTest {

    private static final long PHASE_MILLIS = 600;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} during {1}")
    @CsvSource({"INT, before-epoch", "INT, epoch-1", "INT, evaluation", "INT, artifacts",
        "TERM, before-epoch", "TERM, epoch-2", "TERM, evaluation", "TERM, artifacts"})
    void aSignalEndsEveryOpenRunKilledAndTheNextStartResumes(String signal, String phase) throws Exception {
        Path runs = dir.resolve("runs");
        Path mlruns = dir.resolve("mlruns");
        Path log = dir.resolve("first.log");
        Process first = start(runs, mlruns, log);
        String cell = SignalSweepMain.SWEEP.cells().get(0).cellId();
        awaitLine(first, log, "PHASE " + cell + " " + phase);
        Thread.sleep(PHASE_MILLIS / 3);
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(first.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the sweep stopped").isTrue();
        String output = Files.readString(log);

        assertThat(first.exitValue()).as(output).isEqualTo(signal.equals("INT") ? 130 : 143);
        assertThat(output).doesNotContain("FAILED").doesNotContainIgnoringCase("cannot write");
        Map<String, Map<String, String>> metas = metas(mlruns);
        assertThat(metas).hasSize(2); // the parent and the first cell
        metas.forEach((file, meta) -> {
            assertThat(meta.get("status")).as(file + "\n" + output).isEqualTo("5");
            assertThat(meta.get("end_time")).as(file).matches("\\d+");
        });
        assertThat(tempFiles(mlruns)).isEmpty();

        Path resumedLog = dir.resolve("second.log");
        Process second = start(runs, mlruns, resumedLog);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String resumed = Files.readString(resumedLog);
        assertThat(second.exitValue()).as(resumed).isZero();
        assertThat(resumed).contains("[" + cell + "] start (resumed)");
        Map<String, Map<String, String>> after = metas(mlruns);
        assertThat(after).hasSize(1 + SignalSweepMain.SWEEP.cells().size());
        after.forEach((file, meta) -> assertThat(meta.get("status")).as(file).isEqualTo("3"));
    }

    private static void awaitLine(Process process, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || !Files.readString(log).contains(line)) {
            assertThat(process.isAlive()).as("the sweep ended before '%s'", line).isTrue();
            assertThat(System.nanoTime()).as("no '%s' in time", line).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private Process start(Path runs, Path mlruns, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(Signals.defaultSigint());
        command.addAll(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SignalSweepMain.class.getName(), runs.toString(), mlruns.toString(), Long.toString(PHASE_MILLIS)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Every run's meta.yaml as a flat map, by file. */
    static Map<String, Map<String, String>> metas(Path mlruns) throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(mlruns)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("meta.yaml"))
                    .filter(f -> Files.exists(f.resolveSibling("tags"))).toList()) {
                Map<String, String> meta = new TreeMap<>();
                for (String line : Files.readAllLines(file)) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && !line.startsWith(" ")) {
                        meta.put(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                }
                out.put(file.toString(), meta);
            }
        }
        return out;
    }

    private static List<Path> tempFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".bioprompt-tmp-")).toList();
        }
    }
}
