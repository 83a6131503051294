package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.config.ConfigurationLayers;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.runners.cell.DataRoots;
import dev.bioprompt.runners.sweep.CodeFingerprint;
import dev.bioprompt.runners.sweep.InputFingerprint;
import dev.bioprompt.runners.sweep.SweepIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's id names its cells, the code that runs them and the files they read: {@code train} run again with the
 * same code resumes the sweep (its finished cells are skipped), while the same cells run with other code on the class
 * path, or with a changed split file, form a new sweep whose cells all run, and the command says which earlier sweep
 * it does not reuse. Going back to the first code resumes the first sweep. On Kubernetes the cell image stands for
 * the code.
 */
class SweepCodeIdentityTest {
    private static final String SWEEP_ID = "[a-z0-9-]+-[0-9a-f]{12}-[0-9a-f]{8}";

    @TempDir
    Path dir;

    private List<String> args(String result) {
        return List.of("--set", "runner.device=cpu", "--set", "tracking.dir=" + dir.resolve("mlruns"),
                "--set", "runs.dir=" + dir.resolve("runs"), "--set", "cache.dir=" + dir.resolve("cache"),
                "train", "-m", ProbeMethodPlugin.NAME, "-d", "TOY_US", "-k", "1", "--seed", "1",
                "--result-file", dir.resolve(result).toString());
    }

    private String sweepId(String result) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(result).toFile()).get("sweepId").asText();
    }

    @Test
    void theSameCodeResumesTheSweep() throws IOException {
        CliRun first = CliRun.of(args("first.json").toArray(String[]::new));
        CliRun again = CliRun.of(args("again.json").toArray(String[]::new));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(sweepId("first.json")).matches(SWEEP_ID).isEqualTo(sweepId("again.json"));
        assertThat(again.out()).contains("1 already finished, 0 to run").doesNotContain("other code");
    }

    @Test
    void manyEarlierSweepsAreNamedThreeAtATime() throws IOException {
        assertThat(CliRun.of(args("first.json").toArray(String[]::new)).exitCode()).isZero();
        String id = sweepId("first.json");
        String cells = id.substring(0, id.length() - 9);
        for (String code : List.of("00000001", "00000002", "00000003", "00000004")) {
            Path earlier = Files.createDirectories(dir.resolve("runs").resolve(cells + "-" + code));
            Files.writeString(earlier.resolve("sweep.json"), "{}");
        }

        CliRun again = CliRun.of(args("again.json").toArray(String[]::new));

        assertThat(again.out()).contains("The same cells ran with other code or inputs in " + cells + "-00000001, " + cells
                + "-00000002, " + cells + "-00000003 and 1 more;", "1 already finished, 0 to run");
    }

    /** A changed split file (here one more line break) is a changed input: the cells run again as a new sweep. */
    @Test
    void aChangedInputFileRunsTheCellsAsANewSweep() throws Exception {
        Path world = DataRoots.toyWorld(dir.resolve("world-cache"));
        List<String> args = new ArrayList<>(List.of("--set", "data.root=" + world));
        args.addAll(args("first.json"));
        assertThat(CliRun.of(args.toArray(String[]::new)).exitCode()).isZero();
        Path split = world.resolve("TOY_US").resolve("split_TOY_US.json");
        Files.writeString(split, Files.readString(split) + "\n");

        args.set(args.indexOf(dir.resolve("first.json").toString()), dir.resolve("changed.json").toString());
        CliRun changed = CliRun.of(args.toArray(String[]::new));

        assertThat(changed.exitCode()).as(changed.err()).isZero();
        String first = sweepId("first.json");
        assertThat(sweepId("changed.json")).isNotEqualTo(first)
                .startsWith(first.substring(0, first.length() - 8));
        assertThat(changed.out()).contains("The same cells ran with other code or inputs in " + first,
                "0 already finished, 1 to run");
    }

    private SweepSpec kubernetesSweep(String image) throws IOException {
        CliContext context = new CliContext(ConfigurationLayers.build(Map.of("runner.kind", "kubernetes",
                "kubernetes.image", image, "cache.dir", dir.resolve("cache").toString()), Map.of(), null, List.of()),
                PluginLoader.load(dir.resolve("no-plugins"), getClass().getClassLoader()), Map.of(),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Map<String, Object> experiment = TrainingSession.experiment(context.settings());
        experiment.put("methods", List.of(ProbeMethodPlugin.NAME));
        experiment.put("datasets", List.of("TOY_US"));
        return TrainingSession.expand(context, experiment);
    }

    /** On Kubernetes the pods run the cell image's code, so the image reference is the code part of the id. */
    @Test
    void onKubernetesTheCellImageIsTheCode() throws IOException {
        SweepSpec one = kubernetesSweep("registry.example/bioprompt:1.0");

        assertThat(one.sweepId()).matches(SWEEP_ID)
                .isEqualTo(kubernetesSweep("registry.example/bioprompt:1.0").sweepId())
                .isNotEqualTo(kubernetesSweep("registry.example/bioprompt:1.1").sweepId());
        Path toyUs = DataRoots.toyWorld(dir.resolve("cache")).resolve("TOY_US");
        List<Path> inputs = new ArrayList<>(List.of(toyUs.resolve("split_TOY_US.json")));
        if (Files.isRegularFile(toyUs.resolve("descriptions.json"))) {
            inputs.add(toyUs.resolve("descriptions.json"));
        }
        SweepSpec cells = new SweepSpec(one.sweepId().substring(0, one.sweepId().length() - 9), one.experiment(),
                one.cells());
        assertThat(one.sweepId()).as("the image, not this JVM's class path, and the inputs").isEqualTo(SweepIdentity.of(
                cells, CodeFingerprint.ofText("image registry.example/bioprompt:1.0"), InputFingerprint.of(inputs))
                .sweepId());
    }

    /** A jar on the class path holding one resource: its text stands for a change of code. */
    private Path codeJar(String name, String text) throws IOException {
        Path jar = dir.resolve(name).resolve("extra-code.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("extra/code.txt"));
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private String child(Path extraCode, String result) throws Exception {
        List<String> command = new ArrayList<>(ChildBioprompt.command("1000m", List.of(extraCode)));
        command.addAll(args(result));
        Path log = dir.resolve(result + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        ChildBioprompt.cleanEnvironment(builder.environment(), dir.resolve("cache"));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bioprompt train within 120 s").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void otherCodeRunsTheSameCellsAsANewSweepAndTheFirstCodeResumesTheFirst() throws Exception {
        Path codeA = codeJar("a", "version a");
        Path codeB = codeJar("b", "version b");

        String first = child(codeA, "a.json");
        String changed = child(codeB, "b.json");
        String back = child(codeA, "a-again.json");

        String idA = sweepId("a.json");
        String idB = sweepId("b.json");
        assertThat(idA).matches(SWEEP_ID);
        assertThat(idB).matches(SWEEP_ID).isNotEqualTo(idA)
                .startsWith(idA.substring(0, idA.length() - 8));
        assertThat(first).contains("0 already finished, 1 to run");
        assertThat(changed).contains("0 already finished, 1 to run")
                .contains("The same cells ran with other code or inputs in " + idA);
        assertThat(sweepId("a-again.json")).isEqualTo(idA);
        assertThat(back).contains("1 already finished, 0 to run");
        assertThat(dir.resolve("runs").resolve(idB).resolve("sweep.json")).isRegularFile();
    }
}
