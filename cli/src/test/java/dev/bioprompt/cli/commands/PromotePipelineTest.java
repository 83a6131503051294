package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.registry.LocalPromptSetRegistry;
import dev.bioprompt.runners.cell.DataRoots;
import dev.bioprompt.tracking.mlflow.MlflowCredentials;
import dev.bioprompt.tracking.mlflow.MlflowModelRegistryClient;
import dev.bioprompt.tracking.mlflow.ModelRegistryMirror;
import dev.bioprompt.tracking.mlflow.ModelVersionInfo;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import dev.bioprompt.tracking.testing.InProcessS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ci/examples/promote-pipeline.sh} end to end on the toy world, as the CI examples run it (train, gate,
 * promote, predict by alias; the build stage is replaced by this build's class path): once with the folder registry
 * and the {@code ./mlruns} file store, once with an {@code s3://} registry on S3Proxy and the in-process MLflow
 * server, whose model registry must then mirror the promotion.
 */
class PromotePipelineTest {

    @TempDir
    static Path dir;

    static Path cache;
    static Path experiment;
    static Path policy;
    static Path image;

    @BeforeAll
    static void toyWorldAndFiles() throws Exception {
        cache = dir.resolve("cache");
        Path toy = DataRoots.toyWorld(cache);
        try (Stream<Path> files = Files.walk(toy.resolve("TOY_MRI"))) {
            image = files.filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".jpg")).sorted()
                    .findFirst().orElseThrow();
        }
        experiment = Files.writeString(dir.resolve("ci-toy.yaml"), """
                experiment: ci-toy
                methods: [coop]
                datasets: [TOY_MRI]
                protocol: base-to-novel
                shots: [2]
                seeds: [1, 2]
                train.epochs: 1
                """);
        // the shipped policy's keys, with what two one-epoch toy cells can meet
        policy = Files.writeString(dir.resolve("policy.yaml"), """
                alias: production
                primary-metric: hm
                min-improvement: 0.5
                regression-tolerance: 1.0
                required-settings:
                  protocol: base-to-novel
                  shots: 2
                required-seeds: [1, 2]
                max-spread: 100
                spread: range
                """);
    }

    @Test
    void folderRegistryAndFileStore() throws Exception {
        Path work = Files.createDirectories(dir.resolve("local"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BIOPROMPT_REGISTRY_URI", work.resolve("registry").toString());
        Result result = pipeline(work, env);

        assertPipelineRan(work, result);
        assertThat(work.resolve("mlruns")).isDirectory();
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(work.resolve("registry"));
        assertThat(registry.currentAlias("toy-mri", "production").map(AliasRecord::version)).contains(1);
        assertThat(registry.load("toy-mri", 1).manifest().method()).isEqualTo("coop");
    }

    @Test
    void s3RegistryAndMlflowServer() throws Exception {
        Path work = Files.createDirectories(dir.resolve("s3"));
        try (InProcessS3Server s3 = new InProcessS3Server(); InProcessMlflowServer mlflow = new InProcessMlflowServer()
                .start()) {
            s3.createBucket("acme-ml");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("BIOPROMPT_REGISTRY_URI", "s3://acme-ml/bioprompt/registry");
            env.put("BIOPROMPT_REGISTRY_S3_ENDPOINT", s3.endpoint().toString());
            env.put("BIOPROMPT_REGISTRY_S3_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", InProcessS3Server.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", InProcessS3Server.SECRET_KEY);
            env.put("AWS_REGION", "us-east-1");
            env.put("MLFLOW_TRACKING_URI", mlflow.uri().toString());
            Result result = pipeline(work, env);

            assertPipelineRan(work, result);
            assertThat(work.resolve("mlruns")).doesNotExist();
            assertThat(mlflow.runsOf("ci-toy")).hasSize(3); // the sweep's parent run and its two cells
            assertThat(s3.exists("acme-ml", "bioprompt/registry/toy-mri/versions/1/manifest.json")).isTrue();
            assertThat(s3.exists("acme-ml", "bioprompt/registry/toy-mri/aliases/production/000000000001.json"))
                    .isTrue();
            MlflowModelRegistryClient client = MlflowModelRegistryClient.create(mlflow.uri(),
                    MlflowCredentials.none());
            ModelVersionInfo mv = client.getModelVersionByAlias("toy-mri", "production").orElseThrow();
            assertThat(mv.source()).isEqualTo("s3://acme-ml/bioprompt/registry/toy-mri/versions/1");
            assertThat(mlflow.run(mv.runId())).isPresent();
            assertThat(mv.tags()).containsEntry(ModelRegistryMirror.VERSION_TAG, "1")
                    .containsEntry(ModelRegistryMirror.ALIAS_TAG, "production")
                    .containsKey(ModelRegistryMirror.SHA256_TAG);
        }
    }

    private static void assertPipelineRan(Path work, Result result) throws Exception {
        assertThat(result.exit()).as(result.log()).isZero();
        Path out = work.resolve("bioprompt-ci");
        String sweep = Files.readString(out.resolve("sweep-id.txt")).trim();
        assertThat(sweep).matches("ci-toy-[0-9a-f]{12}-[0-9a-f]{8}");
        assertThat(Files.readString(out.resolve("gate-junit.xml"))).contains("bioprompt.promotion-gate")
                .doesNotContain("<failure");
        assertThat(Files.readString(out.resolve("gate.md"))).contains("Promotion gate: passed", "sweep " + sweep,
                "Runs considered: 2 counted, 1 left out", "the sweep's parent run");
        assertThat(result.log()).contains("+ bioprompt train", "+ bioprompt gate", "+ bioprompt promote",
                "Published toy-mri@v1", "+ bioprompt predict");
        var predictions = new ObjectMapper().readTree(out.resolve("predictions.json").toFile()).path("predictions");
        assertThat(predictions).hasSize(1);
        // a base-to-novel prompt set was trained on the base half of TOY_MRI's four classes
        assertThat(predictions.get(0).path("probabilities").size()).isEqualTo(2);
    }

    record Result(int exit, String log) {
    }

    /** Runs the script's train, gate, promote and predict stages in {@code work}, as a CI job would. */
    private static Result pipeline(Path work, Map<String, String> settings) throws Exception {
        List<String> command = ChildBioprompt.command("1200m");
        ProcessBuilder builder = new ProcessBuilder("bash", CiExamplesTest.SCRIPT.toString(), "train", "gate",
                "promote", "predict").directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("pipeline.log").toFile());
        Map<String, String> env = builder.environment();
        ChildBioprompt.cleanEnvironment(env, cache);
        env.put("BIOPROMPT", String.join(" ", command));
        env.put("EXPERIMENT", experiment.toString());
        env.put("PROMPT_SET", "toy-mri");
        env.put("POLICY", policy.toString());
        env.put("PREDICT_IMAGES", image.toString());
        env.put("REASON", "pipeline test");
        env.putAll(settings);
        Process process = builder.start();
        if (!process.waitFor(9, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.isAlive() ? -1 : process.exitValue(), Files.readString(work.resolve("pipeline.log")));
    }
}
