package dev.bioprompt.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.commands.ProbeMethodPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across the commands is refused up front: each case exits with its code, names the key, option or file,
 * and leaves the tracking store, {@code runs/} and the registry byte-identical. The stores hold a finished sweep and
 * a promoted prompt set, made once, so that "unchanged" is checked against real content.
 */
class BadConfigurationRefusedTest {

    @TempDir
    static Path dir;

    private static String runId;

    /**
     * One bad input.
     *
     * @param name what is wrong
     * @param env extra environment
     * @param args the command line (the store settings are added in front)
     * @param exitCode the expected exit code
     * @param fragment a fragment of stderr naming the key, option or file
     */
    record Case(String name, Map<String, String> env, List<String> args, int exitCode, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case usage(String name, String fragment, String... args) {
        return new Case(name, Map.of(), List.of(args), ExitCodes.USAGE, fragment);
    }

    private static Case env(String name, String variable, String value, String fragment, String... args) {
        return new Case(name, Map.of(variable, value), List.of(args), ExitCodes.USAGE, fragment);
    }

    private static Case failure(String name, String fragment, String... args) {
        return new Case(name, Map.of(), List.of(args), ExitCodes.FAILURE, fragment);
    }

    static List<Case> cases() {
        String y = dir.resolve("yaml").toString() + "/";
        String t = "probe-zero-shot";
        List<Case> c = new ArrayList<>();
        // misspelled keys from every layer, with the closest known key suggested
        c.add(usage("--set misspelled prefix", "did you mean train.epochs", "train", "-m", t, "-d", "TOY_US",
                "--set", "traning.epochs=3"));
        c.add(usage("--set misspelled leaf", "'train.epoch' (--set train.epoch)", "train", "-m", t, "-d", "TOY_US",
                "--set", "train.epoch=1"));
        c.add(usage("--set unknown method parameter", "method.coop.n-ctx", "train", "-m", "coop", "-d", "TOY_US",
                "--set", "method.coop.nctx=8"));
        c.add(usage("--set parameter of an unknown method", "method.cop.n-ctx", "train", "-m", "coop", "-d",
                "TOY_US", "--set", "method.cop.n-ctx=8"));
        c.add(usage("--set malformed", "key=value", "train", "-m", t, "-d", "TOY_US", "--set", "train.epochs"));
        c.add(usage("--set upper-case key", "kebab-case", "train", "-m", t, "-d", "TOY_US", "--set", "Train.Epochs=1"));
        c.add(usage("YAML nested typo", "train.batchsize' (" + y + "typos.yaml line 5)", "train", "-c",
                y + "typos.yaml"));
        c.add(usage("YAML shot for shots", "'shot' (" + y + "typos.yaml line 6); did you mean shots", "train", "-c",
                y + "typos.yaml"));
        c.add(usage("YAML protocl", "'protocl' (" + y + "typos.yaml line 7); did you mean protocol", "train", "-c",
                y + "typos.yaml"));
        c.add(usage("YAML wrong type", "'train.epochs' (" + y + "types.yaml line 4) expects an integer", "train", "-c",
                y + "types.yaml"));
        c.add(usage("YAML negative shots in a list", "'shots' (" + y + "shots.yaml line 3) expects an integer >= 1",
                "train", "-c", y + "shots.yaml"));
        c.add(usage("YAML unknown protocol", "'protocol' (" + y + "protocol.yaml line 3) expects one of", "train",
                "-c", y + "protocol.yaml"));
        c.add(usage("YAML experiment twice", "same key", "train", "-c", y + "experiment-twice.yaml"));
        c.add(usage("YAML unknown method", "unknown method 'coopp'", "train", "-c", y + "method.yaml"));
        c.add(env("unknown BIOPROMPT_ variable", "BIOPROMPT_SECRET_TOKEN", "hunter2",
                "environment variable BIOPROMPT_SECRET_TOKEN", "train", "-m", t, "-d", "TOY_US"));
        c.add(env("BIOPROMPT_ misspelled key", "BIOPROMPT_TRAIN_EPOCH", "1",
                "BIOPROMPT_TRAIN_EPOCH); did you mean train.epochs", "train", "-m", t, "-d", "TOY_US"));
        c.add(env("BIOPROMPT_ wrong type", "BIOPROMPT_TRAIN_EPOCHS", "three",
                "'train.epochs' (environment variable BIOPROMPT_TRAIN_EPOCHS) expects an integer", "train", "-m", t,
                "-d", "TOY_US"));
        c.add(env("BIOPROMPT_ out of range", "BIOPROMPT_TRAIN_CROP__SCALE__MIN", "1.5",
                "train.crop-scale-min' (environment variable BIOPROMPT_TRAIN_CROP__SCALE__MIN)", "train", "-m", t,
                "-d", "TOY_US"));
        // wrong types and out-of-range values
        c.add(usage("epochs zero", "train.epochs' (--set train.epochs) expects an integer >= 1", "train", "-m", t,
                "-d", "TOY_US", "--set", "train.epochs=0"));
        c.add(usage("--epochs zero", "--epochs (train.epochs) expects an integer >= 1", "train", "-m", t, "-d",
                "TOY_US", "--epochs", "0"));
        c.add(usage("-k -1", "--shots (shots) expects an integer >= 1", "train", "-m", t, "-d", "TOY_US", "-k", "-1"));
        c.add(usage("-k 0", "--shots (shots)", "train", "-m", t, "-d", "TOY_US", "-k", "0"));
        c.add(usage("-k not a number", "--shots", "train", "-m", t, "-d", "TOY_US", "-k", "four"));
        c.add(usage("batch size negative", "train.batch-size", "train", "-m", t, "-d", "TOY_US", "--set",
                "train.batch-size=-4"));
        c.add(usage("learning rate zero", "train.learning-rate", "train", "-m", t, "-d", "TOY_US", "--set",
                "train.learning-rate=0"));
        c.add(usage("checkpoints not a boolean", "train.checkpoints' (--set train.checkpoints) expects true or false",
                "train", "-m", t, "-d", "TOY_US", "--set", "train.checkpoints=yes"));
        c.add(usage("method parameter wrong type", "method.coop.n-ctx' (--set method.coop.n-ctx) expects an integer",
                "train", "-m", "coop", "-d", "TOY_US", "--set", "method.coop.n-ctx=four"));
        c.add(usage("method parameter out of range", "method.ogkd.gamma", "train", "-m", "ogkd", "-d", "TOY_US",
                "--set", "method.ogkd.gamma=2"));
        c.add(usage("method parameter bad choice", "method.coop.class-token-position", "train", "-m", "coop", "-d",
                "TOY_US", "--set", "method.coop.class-token-position=top"));
        c.add(usage("runner kind unknown", "runner.kind", "train", "-m", t, "-d", "TOY_US", "--set",
                "runner.kind=slurm"));
        c.add(usage("kubernetes gpus negative", "kubernetes.gpus", "train", "-m", t, "-d", "TOY_US", "--set",
                "kubernetes.gpus=-1"));
        c.add(usage("duration malformed", "kubernetes.poll-interval", "train", "-m", t, "-d", "TOY_US", "--set",
                "kubernetes.poll-interval=soon"));
        // unknown names
        c.add(usage("unknown method", "unknown method 'coopx'", "train", "-m", "coopx", "-d", "TOY_US"));
        c.add(usage("unknown dataset", "unknown dataset 'TOY_USS'", "train", "-m", t, "-d", "TOY_USS"));
        c.add(usage("unknown protocol", "--protocol (protocol) expects one of", "train", "-m", t, "-d", "TOY_US",
                "--protocol", "fewshot"));
        c.add(usage("unknown target", "unknown target dataset (--target, key 'targets') 'TOY_MR'", "train", "-m", t, "-d", "TOY_US", "--protocol",
                "cross-dataset", "--target", "TOY_MR"));
        c.add(usage("cross-dataset without targets", "--target (key 'targets')", "train", "-m", t, "-d", "TOY_US", "--protocol",
                "cross-dataset"));
        c.add(usage("train without -m", "method", "train", "-d", "TOY_US"));
        c.add(usage("demo unknown method", "unknown method 'biovml'", "demo", "-m", "biovml"));
        c.add(usage("demo -k -1", "--shots (shots)", "demo", "-m", t, "-k", "-1"));
        c.add(usage("demo --epochs 0", "--epochs (train.epochs)", "demo", "-m", t, "--epochs", "0"));
        c.add(usage("demo misspelled key", "did you mean train.batch-size", "demo", "-m", t, "--set",
                "train.batch-sise=4"));
        // missing inputs are failures (exit 1), still before anything is written
        c.add(failure("missing config file", "missing.yaml", "train", "-c", y + "missing.yaml"));
        c.add(failure("missing data root", "no-such-root", "train", "-m", t, "-d", "TOY_US", "--data-root",
                dir.resolve("no-such-root").toString()));
        c.add(failure("missing backbone folder", "no-such-backbone", "train", "-m", t, "-d", "TOY_US",
                "--backbone", dir.resolve("no-such-backbone").toString()));
        c.add(failure("missing descriptions file", "no-such-descriptions.json", "train", "-m", "biomedcoop", "-d",
                "TOY_US", "--set", "descriptions.file=" + dir.resolve("no-such-descriptions.json")));
        // the other commands
        c.add(usage("eval bad version reference", "--prompt-set 'probe@'", "eval", "--prompt-set", "probe@",
                "--dataset", "TOY_US"));
        c.add(usage("eval misspelled key", "did you mean data.root", "eval", "--prompt-set", "probe@v1", "--dataset",
                "TOY_US", "--set", "data.rot=/x"));
        c.add(usage("predict bad version reference", "--prompt-set", "predict", "--prompt-set", "@v1", "x.png"));
        c.add(usage("predict unknown BIOPROMPT_ key via --set", "backbone.dir", "predict", "--prompt-set",
                "probe@v1", "--set", "backbone.dirr=/x", "x.png"));
        c.add(usage("gate misspelled key", "did you mean tracking.experiment", "gate", "--name", "probe",
                "--candidate", "x", "--policy", "p.yaml", "--set", "tracking.experimnt=x"));
        c.add(usage("gate missing --policy", "--policy", "gate", "--name", "probe", "--candidate", "x"));
        c.add(usage("promote misspelled key", "did you mean registry.uri", "promote", "--name", "probe", "--alias",
                "production", "--run", "x", "--set", "registry.uir=x"));
        c.add(usage("promote missing --alias", "--alias", "promote", "--name", "probe", "--run", "x"));
        c.add(usage("registry rollback bad version", "--to expects a version", "registry", "rollback", "probe",
                "--alias", "production", "--to", "one"));
        c.add(usage("registry show bad reference", "probe@", "registry", "show", "probe@"));
        c.add(usage("eval unknown dataset", "unknown dataset 'TOY_UZ'", "eval", "--prompt-set", "probe@v1",
                "--dataset", "TOY_UZ"));
        c.add(usage("eval bad split", "--split", "eval", "--prompt-set", "probe@v1", "--dataset", "TOY_US",
                "--split", "dev"));
        c.add(usage("predict folder without images", "folder without images", "predict", "--prompt-set",
                "probe@v1", dir.resolve("yaml").toString()));
        c.add(usage("registry misspelled s3 key", "did you mean registry.s3.region", "registry", "list", "--set",
                "registry.s3.regoin=eu"));
        c.add(usage("config misspelled key", "did you mean runner.device", "config", "--set", "runner.devcie=cpu"));
        c.add(env("config unknown variable", "BIOPROMPT_PASSWORD", "hunter2", "BIOPROMPT_PASSWORD", "config",
                "keys"));
        c.add(usage("config unknown subcommand", "show", "config", "show"));
        return c;
    }

    @BeforeAll
    static void storesWithContent() throws IOException {
        Path yaml = Files.createDirectories(dir.resolve("yaml"));
        Files.writeString(yaml.resolve("typos.yaml"), """
                methods: [probe-zero-shot]
                datasets: [TOY_US]
                seeds: [1]
                train:
                  batchsize: 4
                shot: [4]
                protocl: base-to-novel
                """);
        Files.writeString(yaml.resolve("types.yaml"), """
                methods: [probe-zero-shot]
                datasets: [TOY_US]
                train:
                  epochs: three
                """);
        Files.writeString(yaml.resolve("shots.yaml"), """
                methods: [probe-zero-shot]
                datasets: [TOY_US]
                shots: [4, -1]
                """);
        Files.writeString(yaml.resolve("protocol.yaml"), """
                methods: [probe-zero-shot]
                datasets: [TOY_US]
                protocol: fewshot
                """);
        Files.writeString(yaml.resolve("experiment-twice.yaml"), """
                experiment: a
                tracking:
                  experiment: b
                methods: [probe-zero-shot]
                datasets: [TOY_US]
                """);
        Files.writeString(yaml.resolve("method.yaml"), """
                methods: [probe-zero-shot, coopp]
                datasets: [TOY_US]
                """);
        ProbeMethodPlugin.LAST_TEMPLATE.set(null);
        CliRun train = run(Map.of(), List.of("train", "-m", ProbeMethodPlugin.NAME, "-d",
                ProbeMethodPlugin.PRESET_DATASET, "-k", "1", "--seed", "1"));
        assertThat(train.exitCode()).as("stderr: %s", train.err()).isZero();
        JsonNode cell = CliRun.sweepResults(dir.resolve("runs")).get("runs").get(0);
        runId = cell.get("tracking_run_id").asText();
        CliRun promote = run(Map.of(), List.of("promote", "--run", runId, "--name", "probe", "--alias",
                "production"));
        assertThat(promote.exitCode()).as("stderr: %s", promote.err()).isZero();
    }

    @Test
    void aMethodsPresetValueReachesTheLearnerAndIsRecorded() throws IOException {
        assertThat(ProbeMethodPlugin.LAST_TEMPLATE.get()).isEqualTo(ProbeMethodPlugin.PRESET_TEMPLATE);
        try (Stream<Path> files = Files.walk(dir.resolve("mlruns"))) {
            Path param = files.filter(p -> p.endsWith(Path.of(runId, "params", "method.template"))).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(param).trim()).isEqualTo(ProbeMethodPlugin.PRESET_TEMPLATE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedAndChangesNothing(Case c) throws IOException {
        Map<String, String> before = snapshot();
        CliRun run = run(c.env(), c.args());
        assertThat(run.exitCode()).as("exit code of %s; stderr: %s", c.args(), run.err()).isEqualTo(c.exitCode());
        assertThat(run.err()).as("stderr of %s", c.args()).contains(c.fragment());
        assertThat(snapshot()).as("tracking store, runs/ and registry after %s", c.args()).isEqualTo(before);
    }

    @Test
    void anUnknownVariablesValueIsWrittenNowhere() throws IOException {
        String secret = "s3cr3t-" + System.nanoTime();
        CliRun run = run(Map.of("BIOPROMPT_API_TOKEN", secret), List.of("train", "-m", ProbeMethodPlugin.NAME,
                "-d", ProbeMethodPlugin.PRESET_DATASET, "-k", "1", "--seed", "2"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("BIOPROMPT_API_TOKEN").doesNotContain(secret);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as("content of %s", f).doesNotContain(secret);
            }
        }
    }

    @Test
    void enoughCasesAcrossTheCommands() {
        List<Case> all = cases();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        assertThat(all.stream().map(c -> c.args().get(0)).distinct().toList())
                .contains("train", "demo", "eval", "predict", "gate", "promote", "registry", "config");
    }

    private static CliRun run(Map<String, String> env, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--set", "runner.device=cpu",
                "--set", "tracking.dir=" + dir.resolve("mlruns"), "--set", "runs.dir=" + dir.resolve("runs"),
                "--set", "registry.uri=" + dir.resolve("registry"), "--set", "cache.dir=" + dir.resolve("cache")));
        all.addAll(args);
        return CliRun.of(env, all.toArray(String[]::new));
    }

    /** SHA-256 of every file under the tracking store, runs/ and the registry, by path. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String store : List.of("mlruns", "runs", "registry")) {
            Path root = dir.resolve(store);
            if (!Files.exists(root)) {
                out.put(store, "absent");
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.sorted().toList()) {
                    out.put(dir.relativize(f).toString(), Files.isDirectory(f) ? "dir" : sha256(f));
                }
            }
        }
        return out;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
