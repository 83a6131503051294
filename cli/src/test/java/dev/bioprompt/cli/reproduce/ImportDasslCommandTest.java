package dev.bioprompt.cli.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.image.ImageFiles;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.commands.WeightsFetchCommand;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.serving.PromptSetClassifier;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import dassl} on checkpoints in the Dassl structure written by {@code tools/make_dassl_fixtures.py} from the
 * tiny_b parity model: the imported prompt set's logits equal the Python learner's to 1e-4, and a checkpoint with a
 * malicious global in the same structure is refused.
 */
class ImportDasslCommandTest {

    static final Path TINY = Path.of("../backbone/src/test/resources/parity/tiny_b");
    static final Path DASSL = Path.of("src/test/resources/dassl");

    @TempDir
    Path dir;

    private CliRun importDassl(String kind, String method, Path out, List<String> classes) {
        return CliRun.of("--set", "cache.dir=" + dir.resolve("cache"), "import", "dassl",
                DASSL.resolve(kind).resolve("prompt_learner/model.pth.tar-100").toString(), "--method", method,
                "--dataset", "PARITY", "--classes", String.join(",", classes), "--backbone", TINY.toString(),
                "--out", out.toString());
    }

    @Test
    void coopAndBiomedCoopCheckpointsGiveThePythonLogits() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(DASSL.resolve("expected.json").toFile());
        List<String> classes = new ArrayList<>();
        expected.get("classnames").forEach(c -> classes.add(c.asText()));
        List<BufferedImage> images = new ArrayList<>();
        for (JsonNode f : expected.get("images")) {
            images.add(ImageFiles.read(TINY.resolve(f.asText()).normalize()));
        }
        try (VisionLanguageModel model = BiomedClipLoader.load(TINY.toAbsolutePath(), Device.cpu())) {
            for (String[] kind : new String[][] {{"coop", "coop"}, {"biomedcoop", "biomedcoop"}}) {
                Path out = dir.resolve(kind[0]);
                CliRun run = importDassl(kind[0], kind[1], out, classes);
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out()).contains("ctx [4, 128]");
                PromptSet set = PromptSet.readFrom(out);
                assertThat(set.manifest().method()).isEqualTo(kind[1]);
                Map<String, List<String>> sentences = new LinkedHashMap<>();
                classes.forEach(c -> sentences.put(c, List.of("an invented sentence about " + c + ".")));
                try (PromptSetClassifier classifier = PromptSetClassifier.open(set, model,
                        PluginLoader.load(dir.resolve("no-plugins"), getClass().getClassLoader()).methods(),
                        new ClassDescriptions("test", sentences));
                     NDManager scope = NDManager.newBaseManager(model.device())) {
                    NDArray pixels = model.preprocessor().toTensor(scope, images);
                    float[] logits = classifier.classifier().logits(scope,
                            classifier.classifier().encodeImages(scope, pixels)).toFloatArray();
                    int n = classes.size();
                    for (int i = 0; i < images.size(); i++) {
                        for (int c = 0; c < n; c++) {
                            assertThat((double) logits[i * n + c]).as(kind[0] + " image " + i + " class " + c)
                                    .isCloseTo(expected.get("logits").get(i).get(c).asDouble(), within(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aMaliciousGlobalInTheSameStructureIsRefused() {
        Path out = dir.resolve("bad");
        CliRun run = importDassl("malicious", "coop", out, List.of("tumor", "normal tissue", "adenocarcinoma"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("pickle global posix.system is not allowed");
        assertThat(out).doesNotExist();
    }

    @Test
    void theClassCountMustMatchTheCheckpoint() {
        CliRun run = importDassl("coop", "coop", dir.resolve("x"), List.of("tumor", "normal tissue"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("built for 3 classes").contains("2 class names were given");
        CliRun unsupported = CliRun.of("import", "dassl", "x", "--method", "cocoop", "--dataset", "BTMRI",
                "--out", dir.resolve("y").toString());
        assertThat(unsupported.exitCode()).isEqualTo(2);
    }

    @Test
    void releasedPromptPathsFollowBiomedCoOpsLayout() throws IOException {
        assertThat(Files.exists(DASSL.resolve("expected.json"))).isTrue();
        assertThat(WeightsFetchCommand.promptPath("few-shot", "BTMRI", 4, "BiomedCoOp_BiomedCLIP", 2))
                .isEqualTo("few_shot/btmri/shots_4/BiomedCoOp_BiomedCLIP/nctx4_cscFalse_ctpend/seed2/prompt_learner/"
                        + "model.pth.tar-100");
        assertThat(WeightsFetchCommand.promptPath("base-to-novel", "BTMRI", 1, "CoOp_BiomedCLIP", 1))
                .isEqualTo("base2new/train_base/btmri/shots_16/CoOp_BiomedCLIP/nctx4_cscFalse_ctpend/seed1/"
                        + "prompt_learner/model.pth.tar-50");
    }

    @Test
    void weightsFetchDownloadsReleasedPromptsThatImport() throws IOException {
        try (StandInHosts hub = new StandInHosts()) {
            String path = WeightsFetchCommand.promptPath("few-shot", "PARITY", 16, "CoOp_BiomedCLIP", 1);
            hub.file("/TahaKoleilat/BiomedCoOp/resolve/main/" + path,
                    Files.readAllBytes(DASSL.resolve("coop/prompt_learner/model.pth.tar-100")));
            CliRun fetch = CliRun.of(Map.of("HF_ENDPOINT", hub.endpoint()), "weights", "fetch", "--released-prompts",
                    "--dataset", "PARITY", "--trainer", "CoOp_BiomedCLIP", "--cache", dir.resolve("hub").toString());
            assertThat(fetch.exitCode()).as(fetch.err()).isZero();
            Path file = Path.of(fetch.out().trim());
            assertThat(file).endsWith(Path.of("TahaKoleilat--BiomedCoOp", "main", "few_shot", "parity", "shots_16",
                    "CoOp_BiomedCLIP", "nctx4_cscFalse_ctpend", "seed1", "prompt_learner", "model.pth.tar-100"));
            CliRun imported = CliRun.of("--set", "cache.dir=" + dir.resolve("cache"), "import", "dassl",
                    file.toString(), "--method", "coop", "--dataset", "PARITY", "--classes",
                    "tumor,normal tissue,adenocarcinoma", "--backbone", TINY.toString(), "--out",
                    dir.resolve("released").toString());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(PromptSet.readFrom(dir.resolve("released")).manifest().classNames())
                    .containsExactly("tumor", "normal tissue", "adenocarcinoma");
        }
    }

    @Test
    void biomedDptOgkdAndBioVlmStateDictsMapOntoTheirLearners() throws Exception {
        List<String> classes = List.of("tumor", "normal tissue", "adenocarcinoma");
        Map<String, List<String>> sentences = new LinkedHashMap<>();
        classes.forEach(c -> sentences.put(c, IntStream.range(0, 10)
                .mapToObj(i -> "invented sentence " + i + " about " + c + ".").toList()));
        try (VisionLanguageModel model = BiomedClipLoader.load(TINY.toAbsolutePath(), Device.cpu())) {
            for (String[] kind : new String[][] {{"biomedcoop", "biomed-dpt", "ctx"}, {"biomedcoop", "ogkd", "ctx"},
                {"biovlm", "biovlm", "bank"}}) {
                Path out = dir.resolve(kind[1]);
                CliRun run = importDassl(kind[0], kind[1], out, classes);
                assertThat(run.exitCode()).as(run.err()).isZero();
                PromptSet set = PromptSet.readFrom(out);
                assertThat(set.tensors()).containsOnlyKeys(kind[2]);
                if (kind[1].equals("biovlm")) {
                    assertThat(set.tensors().get("bank").shape()).containsExactly(10, 4, 128);
                    assertThat(set.manifest().parameters()).containsEntry("bank-size", "10").containsEntry("n-ctx", "4");
                }
                try (PromptSetClassifier classifier = PromptSetClassifier.open(set, model,
                        PluginLoader.load(dir.resolve("no-plugins"), getClass().getClassLoader()).methods(),
                        new ClassDescriptions("test", sentences));
                     NDManager scope = NDManager.newBaseManager(model.device())) {
                    BufferedImage image = ImageFiles.read(TINY.resolve("../images/photo_200x150.jpg").normalize());
                    NDArray pixels = model.preprocessor().toTensor(scope, List.of(image));
                    float[] logits = classifier.classifier().logits(scope,
                            classifier.classifier().encodeImages(scope, pixels)).toFloatArray();
                    assertThat(logits).as(kind[1]).hasSize(3);
                    for (float v : logits) {
                        assertThat(Float.isFinite(v)).isTrue();
                    }
                }
            }
        }
    }
}
