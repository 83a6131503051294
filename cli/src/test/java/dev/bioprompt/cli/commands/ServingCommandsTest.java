package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.backbone.image.ImageFiles;
import dev.bioprompt.cli.Bioprompt;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.cli.plugins.PluginRegistry;
import dev.bioprompt.cli.stores.Backbones;
import dev.bioprompt.registry.LocalPromptSetRegistry;
import dev.bioprompt.runners.cell.BackboneProvider;
import dev.bioprompt.runners.cell.DataRoots;
import dev.bioprompt.runners.cell.TrainingCellExecutor;
import dev.bioprompt.runners.sweep.CancellationFlag;
import dev.bioprompt.runners.sweep.CellContext;
import dev.bioprompt.serving.ClassProbabilities;
import dev.bioprompt.serving.PromptSetClassifier;
import dev.bioprompt.tracking.TrackerFactory;
import dev.bioprompt.tracking.file.FileStoreTracker;
import dev.bioprompt.tracking.mlflow.MlflowCredentials;
import dev.bioprompt.tracking.mlflow.MlflowModelRegistryClient;
import dev.bioprompt.tracking.mlflow.ModelRegistryMirror;
import dev.bioprompt.tracking.mlflow.ModelVersionInfo;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The serving side of the command line, end to end with real stores: two real training cells (the built-in CoOp
 * plugin on the embedded toy backbone and the toy world) in a file tracking store, then promote, registry
 * list/show/history, rollback, predict, eval and the gate, and promotion mirrored into an in-process MLflow server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingCommandsTest {

    /** A backbone the prompt sets were not trained on. */
    static final Path TINY_A = Path.of("..", "backbone", "src", "test", "resources", "parity", "tiny_a")
            .toAbsolutePath().normalize();
    static final String DATASET = "TOY_MRI";

    @TempDir
    static Path dir;

    static Path mlruns;
    static Path registryDir;
    static Path cache;
    static Path toyRoot;
    static String sweepId;
    static List<String> cellRuns = new ArrayList<>();
    /** The embedded toy backbone. */
    static final String backbone = "";
    /** The built-in CoOp plugin. */
    static final String method = "coop";

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeAll
    static void trainTwoCells() throws Exception {
        mlruns = dir.resolve("mlruns");
        registryDir = dir.resolve("registry");
        cache = dir.resolve("cache");
        toyRoot = DataRoots.toyWorld(cache);
        try (Tracker tracker = new FileStoreTracker(mlruns); BackboneProvider backbones = new BackboneProvider(cache)) {
            TrackedRun parent = tracker.startRun(new RunRequest("bioprompt", "sweep", null, Map.of()));
            sweepId = parent.runId();
            PluginRegistry plugins = PluginLoader.load(dir.resolve("no-plugins"),
                    ServingCommandsTest.class.getClassLoader());
            Map<String, PromptMethod> methods = new HashMap<>(plugins.methods());
            TrainingCellExecutor executor = new TrainingCellExecutor(methods, backbones, cache, false, line -> { })
                    .withPlugins(plugins.origins());
            for (long seed : new long[] {1, 2}) {
                JobSpec cell = new JobSpec(method, DATASET, Protocol.FEW_SHOT, 2, seed, List.of(),
                        Map.of("backbone.dir", backbone, "data.root", toyRoot.toString(), "train.epochs", "1"));
                TrackedRun run = tracker.startRun(new RunRequest("bioprompt", cell.cellId(), sweepId, Map.of()));
                executor.execute(cell, new CellContext("sweep", cell.cellId(), sweepId, run,
                        dir.resolve("checkpoints").resolve(cell.cellId()), Device.cpu(), new CancellationFlag(),
                        tracker));
                run.finish(RunStatus.FINISHED);
                run.close();
                cellRuns.add(run.runId());
            }
            parent.finish(RunStatus.FINISHED);
            parent.close();
        }
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--set", "tracking.uri=" + mlruns, "--set",
                "registry.uri=" + registryDir, "--set", "cache.dir=" + cache, "--set", "backbone.dir=" + backbone));
        all.addAll(List.of(args));
        return Bioprompt.run(all.toArray(String[]::new), Map.of(), new PrintWriter(out, true),
                new PrintWriter(err, true));
    }

    private Path policy(String name, double minImprovement) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "alias: production\nprimary-metric: accuracy\nmin-improvement: " + minImprovement
                + "\nregression-tolerance: 100\nrequired-settings:\n  shots: 2\n");
        return file;
    }

    private static Path someToyImage() throws Exception {
        try (Stream<Path> files = Files.walk(toyRoot.resolve(DATASET))) {
            return files.filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".jpg")).sorted()
                    .findFirst().orElseThrow();
        }
    }

    @Test
    @Order(0)
    void helpDescribesTheCommandsAndTheirOptions() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("runs", "registry", "gate", "promote", "predict", "eval");
        assertThat(run("registry", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("list", "show", "history", "rollback", "s3://bucket/prefix");
        assertThat(run("gate", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("--candidate", "--policy", "--against", "--junit", "--markdown", "3 = not");
        assertThat(run("predict", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("--prompt-set", "--backbone", "--out", "NAME@ALIAS");
        assertThat(run("gate", "--candidate", "x")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @Order(1)
    void runsListAndShowReadTheTrackingStore() {
        assertThat(run("runs", "list", "--experiment", "bioprompt")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("RUN ID", cellRuns.get(0), cellRuns.get(1), sweepId, "accuracy");

        assertThat(run("runs", "show", cellRuns.get(0))).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Run:          " + cellRuns.get(0), method, "macro_f1");

        assertThat(run("runs", "show", "no-such-run")).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("run 'no-such-run' does not exist");
    }

    @Test
    @Order(2)
    void promoteTwiceThenInspectAndRollBack() throws Exception {
        assertThat(run("promote", "--run", cellRuns.get(0), "--name", "toy-mri", "--alias", "production",
                "--reason", "first")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Published toy-mri@v1", "toy-mri@production -> toy-mri@v1");
        assertThat(run("promote", "--candidate", sweepId, "--run", cellRuns.get(1), "--name", "toy-mri", "--alias",
                "production")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Published toy-mri@v2");

        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(registryDir);
        assertThat(registry.load("toy-mri", 2).manifest().sourceRun()).isEqualTo(cellRuns.get(1));
        assertThat(registry.load("toy-mri", 1).tensors()).containsKey("ctx");
        assertThat(registry.load("toy-mri", 1).manifest().plugin()).isEqualTo("coop");
        assertThat(registry.load("toy-mri", 1).manifest().pluginVersion()).isEqualTo(PluginLoader.HOST_VERSION);

        assertThat(run("registry", "list")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("toy-mri", "production=v2");

        assertThat(run("registry", "show", "toy-mri")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("v1", "v2", cellRuns.get(0), cellRuns.get(1));

        assertThat(run("registry", "show", "toy-mri@production")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("= toy-mri@v2", method, DATASET, "Metrics:", "accuracy", "ctx[");

        assertThat(run("registry", "rollback", "toy-mri", "--alias", "production")).as(err.toString())
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("toy-mri@v2 -> toy-mri@v1");
        assertThat(registry.currentAlias("toy-mri", "production").map(AliasRecord::version)).contains(1);

        assertThat(run("registry", "history", "toy-mri", "--alias", "production")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines().filter(l -> l.matches("^\\d+ .*")).toList()).hasSize(3);
        assertThat(out.toString()).contains("first", "rollback from v2 to v1");

        assertThat(run("registry", "rollback", "toy-mri", "--alias", "production", "--to", "2")).isEqualTo(0);
        assertThat(registry.currentAlias("toy-mri", "production").map(AliasRecord::version)).contains(2);
        assertThat(run("registry", "rollback", "toy-mri", "--alias", "production", "--to", "v1")).isEqualTo(0);
        assertThat(registry.currentAlias("toy-mri", "production").map(AliasRecord::version)).contains(1);
        assertThat(run("registry", "show", "toy-mri@v1")).isEqualTo(0);
        assertThat(run("registry", "show", "toy-mri@1")).isEqualTo(0);
        assertThat(run("registry", "rollback", "toy-mri", "--alias", "production", "--to", "v2")).isEqualTo(0);
        assertThat(run("registry", "rollback", "toy-mri", "--alias", "staging")).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("alias 'staging'", "never set");
    }

    @Test
    @Order(3)
    void predictFromTheRegistryAliasAndWritesJsonAndCsv() throws Exception {
        Path image = someToyImage();
        assertThat(run("predict", "--prompt-set", "toy-mri@production", image.toString())).as(err.toString())
                .isEqualTo(ExitCodes.OK);
        String table = out.toString();
        assertThat(table).contains("toy-mri@production = toy-mri@v2", "PREDICTED", image.toString());

        Path json = dir.resolve("predictions.json");
        assertThat(run("predict", "--prompt-set", "toy-mri@1", "--out", json.toString(), image.toString(),
                image.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        JsonNode predictions = new ObjectMapper().readTree(json.toFile()).path("predictions");
        assertThat(predictions).hasSize(2);
        double sum = 0;
        for (var it = predictions.get(0).path("probabilities").fields(); it.hasNext(); ) {
            sum += it.next().getValue().asDouble();
        }
        assertThat(sum).isCloseTo(1.0, Offset.offset(1e-4));
        assertThat(predictions.get(0).path("probabilities").size()).isEqualTo(4);

        Path csv = dir.resolve("predictions.csv");
        Path folder = new LocalPromptSetRegistry(registryDir).root().resolve("toy-mri").resolve("versions")
                .resolve("1");
        assertThat(run("predict", "--prompt-set", folder.toString(), "--out", csv.toString(), image.toString()))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(csv)).hasSize(2).first().asString().startsWith("image,predicted,");
    }

    @Test
    @Order(4)
    void predictRejectsBadImagesAndForeignBackbones() throws Exception {
        Path bad = dir.resolve("broken.png");
        Files.writeString(bad, "not an image");
        Path out1 = dir.resolve("never.json");
        assertThat(run("predict", "--prompt-set", "toy-mri@production", "--out", out1.toString(), bad.toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("broken.png");
        assertThat(out1).doesNotExist();

        assertThat(run("predict", "--prompt-set", "toy-mri@production", "--backbone", TINY_A.toString(),
                someToyImage().toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("trained on backbone", "the loaded backbone is");

        assertThat(run("predict", "--prompt-set", "toy-mri@staging", someToyImage().toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("alias 'staging'");
    }

    @Test
    @Order(5)
    void evalScoresTheTestSplit() {
        assertThat(run("eval", "--prompt-set", "toy-mri@production", "--dataset", DATASET, "--data-root",
                toyRoot.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Accuracy:", "Macro F1:", "CLASS", DATASET + "/test (120 images)");

        assertThat(run("eval", "--prompt-set", "toy-mri@production", "--dataset", "TOY_XRAY", "--data-root",
                toyRoot.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("scoring the split's classes");
        assertThat(out.toString()).contains("TOY_XRAY/test");

        assertThat(run("eval", "--prompt-set", "toy-mri@production", "--dataset", DATASET, "--split", "holdout"))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @Order(6)
    void gatePassesAndFailsWithReports() throws Exception {
        Path junit = dir.resolve("reports/gate-junit.xml");
        Path markdown = dir.resolve("reports/gate.md");
        assertThat(run("gate", "--name", "toy-mri", "--candidate", sweepId, "--policy",
                policy("pass.yaml", 0).toString(), "--junit", junit.toString(), "--markdown", markdown.toString()))
                .as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        assertThat(junitFailures(junit)).isZero();
        assertThat(markdown).exists();

        assertThat(run("gate", "--name", "toy-mri", "--candidate", sweepId, "--policy",
                policy("fail.yaml", 5).toString(), "--junit", junit.toString())).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(junitFailures(junit)).isPositive();
        assertThat(out.toString()).contains(sweepId);

        int before = new LocalPromptSetRegistry(registryDir).versions("toy-mri").size();
        assertThat(run("promote", "--candidate", sweepId, "--name", "toy-mri", "--alias", "production",
                "--policy", policy("fail.yaml", 5).toString())).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString()).contains("nothing was published");
        assertThat(new LocalPromptSetRegistry(registryDir).versions("toy-mri")).hasSize(before);

        assertThat(run("promote", "--candidate", sweepId, "--name", "toy-mri", "--alias", "production"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--run");

        assertThat(run("promote", "--candidate", sweepId, "--name", "toy-mri", "--alias", "staging", "--policy",
                policy("pass.yaml", 0).toString())).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(registryDir);
        FileStoreTracker tracker = new FileStoreTracker(mlruns);
        double best = cellRuns.stream().mapToDouble(id -> tracker.getRun(id).orElseThrow().metrics().get("accuracy"))
                .max().orElseThrow();
        int staging = registry.currentAlias("toy-mri", "staging").orElseThrow().version();
        String published = registry.load("toy-mri", staging).manifest().sourceRun();
        assertThat(cellRuns).contains(published);
        assertThat(tracker.getRun(published).orElseThrow().metrics().get("accuracy")).isEqualTo(best);
    }

    /** A policy that does not parse is a usage error naming the key and line: exit 2, never 3, and no report. */
    @Test
    @Order(6)
    void policyMistakesExitTwoNamingTheKeyAndWriteNoReport() throws Exception {
        Map<String, String> mistakes = Map.of(
                "primary-metric: acuracy\n", ":1: key 'primary-metric': unknown metric 'acuracy'; did you mean accuracy",
                "primary-metric: hm\nrequired-settings:\n  protocol: base2novel\n",
                ":3: key 'required-settings.protocol': unknown protocol 'base2novel'; valid values: few-shot, "
                        + "base-to-novel, cross-dataset",
                "primary-metric: accuracy\nmin-improvement: lots\n", ":2: key 'min-improvement': must be a number",
                "primary-metric: accuracy\nrequired-seed: [1]\n", ":2: key 'required-seed': unknown key");
        int i = 0;
        for (Map.Entry<String, String> m : mistakes.entrySet()) {
            Path file = Files.writeString(dir.resolve("bad-" + i++ + ".yaml"), m.getKey());
            Path junit = dir.resolve("bad-reports/gate-" + i + ".xml");
            Path markdown = dir.resolve("bad-reports/gate-" + i + ".md");
            int before = new LocalPromptSetRegistry(registryDir).versions("toy-mri").size();
            for (List<String> command : List.of(
                    List.of("gate", "--name", "toy-mri", "--candidate", sweepId),
                    List.of("promote", "--candidate", sweepId, "--name", "toy-mri", "--alias", "production"))) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--policy", file.toString(), "--junit", junit.toString(), "--markdown",
                        markdown.toString()));
                assertThat(run(args.toArray(String[]::new))).as(m.getKey()).isEqualTo(ExitCodes.USAGE);
                assertThat(err.toString()).contains(file + m.getValue());
                assertThat(junit).doesNotExist();
                assertThat(markdown).doesNotExist();
            }
            assertThat(new LocalPromptSetRegistry(registryDir).versions("toy-mri")).hasSize(before);
        }
    }

    private static int junitFailures(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getElementsByTagName("failure").getLength();
    }

    @Test
    @Order(7)
    void promotionIsMirroredIntoTheMlflowModelRegistry() throws Exception {
        try (InProcessMlflowServer server = new InProcessMlflowServer().start()) {
            URI uri = server.uri();
            RunRecord source = new FileStoreTracker(mlruns).getRun(cellRuns.get(0)).orElseThrow();
            PromptSet promptSet = PromptSet.readFrom(Path.of(URI.create(source.artifactUri())).resolve("prompt-set"));
            String mlflowRun;
            String copiedRun;
            try (Tracker tracker = TrackerFactory.fromUri(uri.toString(), dir, Map.of())) {
                mlflowRun = logToMlflow(tracker, source, "trained-here", promptSet, true);
                copiedRun = logToMlflow(tracker, source, "copied", promptSet, false);
            }
            Path mirrored = dir.resolve("mirrored-registry");
            List<String> base = List.of("--set", "tracking.uri=" + uri, "--set", "registry.uri=" + mirrored);

            assertThat(runRaw(base, "runs", "list")).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains(mlflowRun, copiedRun, "trained-here", "accuracy");
            // every experiment of the server, through MLflow's experiments/search
            assertThat(runRaw(base, "runs", "list", "--experiments")).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).containsPattern("(?m)^Default\\s+0\\s*$")
                    .containsPattern("(?m)^bioprompt\\s+2\\s*$");
            assertThat(runRaw(base, "runs", "list", "--all-experiments")).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("Experiment 'Default'", "No runs in experiment 'Default'",
                    "Experiment 'bioprompt'", mlflowRun, copiedRun);

            for (String runId : List.of(mlflowRun, mlflowRun, copiedRun)) {
                assertThat(runRaw(base, "promote", "--run", runId, "--name", "toy-mri", "--alias", "production"))
                        .as(err.toString()).isEqualTo(ExitCodes.OK);
            }
            MlflowModelRegistryClient client = MlflowModelRegistryClient.create(uri, MlflowCredentials.none());
            Map<String, ModelVersionInfo> versions = versionsOf(client);
            // promoting the same run (same prompt-set digest) again completes the same version: no duplicate
            assertThat(versions).containsOnlyKeys("1", "2");
            // sources MLflow accepts and that hold the published bytes: the prompt-set folder of the tracked run
            assertThat(versions.get("1").runId()).isEqualTo(mlflowRun);
            assertThat(versions.get("1").source()).isEqualTo("runs:/" + mlflowRun + "/prompt-set");
            LocalPromptSetRegistry mirroredRegistry = new LocalPromptSetRegistry(mirrored);
            assertThat(versions.get("2").tags()).containsEntry(ModelRegistryMirror.VERSION_TAG, "2")
                    .containsEntry(ModelRegistryMirror.ALIAS_TAG, "production")
                    .containsEntry(ModelRegistryMirror.SHA256_TAG,
                            PromptSet.sha256(mirroredRegistry.load("toy-mri", 2).manifestBytes()));
            // a prompt set whose manifest names a run of another store: the run it was read from is the source
            assertThat(versions.get("2").runId()).isEqualTo(copiedRun);
            assertThat(versions.get("2").source()).isEqualTo("runs:/" + copiedRun + "/prompt-set");
            assertThat(versions.get("2").tags()).containsEntry(ModelRegistryMirror.SOURCE_RUN_TAG, cellRuns.get(0));
            assertThat(client.getModelVersionByAlias("toy-mri", "production").map(ModelVersionInfo::version))
                    .contains("2");

            assertThat(runRaw(base, "registry", "rollback", "toy-mri", "--alias", "production"))
                    .as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(client.getModelVersionByAlias("toy-mri", "production").map(ModelVersionInfo::version))
                    .contains("1");

            // a server that refuses the source: promote fails clearly, the registry version stays published
            String thirdRun;
            try (Tracker tracker = TrackerFactory.fromUri(uri.toString(), dir, Map.of())) {
                thirdRun = logToMlflow(tracker, source, "third", promptSet, true);
            }
            server.sourceValidationRegex("^s3://");
            assertThat(runRaw(base, "promote", "--run", thirdRun, "--name", "toy-mri", "--alias", "production"))
                    .isEqualTo(ExitCodes.FAILURE);
            assertThat(out.toString()).contains("Published toy-mri@v3");
            assertThat(err.toString()).contains("MLflow model registry", "is not in step", "Invalid model version "
                    + "source", "--mirror best-effort", "Run the command again");
            assertThat(mirroredRegistry.versions("toy-mri")).hasSize(3);
            assertThat(runRaw(base, "promote", "--run", thirdRun, "--name", "toy-mri", "--alias", "production",
                    "--mirror", "best-effort")).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(err.toString()).contains("warning: ", "is not in step");
            assertThat(versionsOf(client)).hasSize(2);
            assertThat(mirroredRegistry.versions("toy-mri")).hasSize(3);

            // once the server accepts it, promoting again repairs the mirror: every version once, the alias moved
            server.sourceValidationRegex(null);
            assertThat(runRaw(base, "promote", "--run", thirdRun, "--name", "toy-mri", "--alias", "production"))
                    .as(err.toString()).isEqualTo(ExitCodes.OK);
            Map<String, ModelVersionInfo> repaired = versionsOf(client);
            assertThat(repaired.values()).extracting(v -> v.tags().get(ModelRegistryMirror.VERSION_TAG))
                    .containsExactlyInAnyOrder("1", "2", "3");
            assertThat(client.getModelVersionByAlias("toy-mri", "production").orElseThrow().tags())
                    .containsEntry(ModelRegistryMirror.VERSION_TAG, "3");
            assertThat(runRaw(base, "promote", "--run", mlflowRun, "--name", "toy-mri", "--alias", "staging",
                    "--mirror", "sometimes")).isEqualTo(ExitCodes.USAGE);
        }
    }

    private static Map<String, ModelVersionInfo> versionsOf(MlflowModelRegistryClient client) {
        Map<String, ModelVersionInfo> versions = new TreeMap<>();
        client.searchModelVersions("name='toy-mri'").forEach(v -> versions.put(v.version(), v));
        return versions;
    }

    /** Logs a run with the source run's params and metrics and a prompt set, as a training run on MLflow would. */
    private static String logToMlflow(Tracker tracker, RunRecord source, String name, PromptSet promptSet,
                                      boolean ownSourceRun) throws Exception {
        TrackedRun run = tracker.startRun(new RunRequest("bioprompt", name, null, Map.of()));
        Path artifacts = dir.resolve("mlflow-artifacts-" + name);
        PromptSet logged = ownSourceRun ? new PromptSet(promptSet.manifest().withResults(
                promptSet.manifest().metrics(), run.runId()), promptSet.tensors()) : promptSet;
        logged.writeTo(artifacts.resolve("prompt-set"));
        run.logParams(source.params());
        run.logMetrics(source.metrics(), 0);
        run.logArtifact(artifacts, "");
        run.finish(RunStatus.FINISHED);
        run.close();
        return run.runId();
    }

    @Test
    @Order(8)
    void javaApiClassifiesImagesAndNamesAMissingMethod() throws Exception {
        PromptSet promptSet = new LocalPromptSetRegistry(registryDir).load("toy-mri", 1);
        BufferedImage image = ImageFiles.read(someToyImage());
        try (var model = Backbones.load(backbone, cache)) {
            Map<String, PromptMethod> methods = PluginLoader.load(dir.resolve("no-plugins"),
                    ServingCommandsTest.class.getClassLoader()).methods();
            try (PromptSetClassifier classifier = PromptSetClassifier.open(promptSet, model, methods)) {
                List<ClassProbabilities> results = classifier.classify(List.of(image, image));
                assertThat(results).hasSize(2);
                assertThat(results.get(0).byClass().keySet()).containsExactlyElementsOf(classifier.classNames());
                assertThat(results.get(0).byClass().values().stream().mapToDouble(Double::doubleValue).sum())
                        .isCloseTo(1.0, Offset.offset(1e-4));
                assertThat(results.get(1).predicted()).isEqualTo(results.get(0).predicted());
            }
            Assertions.assertThatThrownBy(() -> PromptSetClassifier.open(promptSet, model,
                    Map.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs method '" + method + "' of plugin 'coop' version "
                            + PluginLoader.HOST_VERSION);
        }
    }

    private int runRaw(List<String> settings, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--set", "cache.dir=" + cache));
        all.addAll(settings);
        all.addAll(List.of(args));
        return Bioprompt.run(all.toArray(String[]::new), Map.of(), new PrintWriter(out, true),
                new PrintWriter(err, true));
    }
}
