package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.ImageSource;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.data.augment.Augmentations;
import dev.bioprompt.runners.engine.bench.CoopLikeMethod;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One CoOp-like run end to end on the tiny BiomedCLIP fixture: train, checkpoint, resume, evaluate, export. */
class MethodRunTest {

    private static final List<String> CLASSES = List.of("tumor", "normal brain");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static VisionLanguageModel model;
    private static NDManager root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = TinyBiomedClip.load();
        root = NDManager.newBaseManager(model.device());
    }

    @AfterAll
    static void close() {
        root.close();
        model.close();
    }

    private static ImageSet set(String name, int perClass, long seed) {
        List<LabeledImage> images = new ArrayList<>();
        for (int i = 0; i < perClass * CLASSES.size(); i++) {
            int label = i % CLASSES.size();
            String id = name + "/" + i;
            long imageSeed = seed * 1000 + i;
            images.add(new LabeledImage(new ImageSource() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public BufferedImage load() {
                    Random random = new Random(imageSeed);
                    BufferedImage image = new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 80; y++) {
                        for (int x = 0; x < 80; x++) {
                            int base = label == 0 ? (x / 10 + y / 10) % 2 * 200 : 90;
                            int v = Math.max(0, Math.min(255, base + random.nextInt(40) - 20));
                            image.setRGB(x, y, v << 16 | v << 8 | v);
                        }
                    }
                    return image;
                }
            }, label));
        }
        return new ImageSet(name, CLASSES, images);
    }

    private MethodRun run(Path checkpoints, EpochListener listener, RecordingRun tracked) {
        FewShotTask task = new FewShotTask("TOY", Protocol.FEW_SHOT, 2, 1, set("train", 2, 1),
                new ImageSet("val", CLASSES, List.of()), List.of(set("test", 3, 2)));
        TrainingOptions options = TrainingOptions.none().withCheckpoints(checkpoints).withListener(listener)
                .withRun(tracked);
        return MethodRun.forTask(new CoopLikeMethod(true), model, task,
                new DatasetInfo("TOY", "MRI", "brain", CLASSES, List.of(), Map.of()), ClassDescriptions.none(),
                MethodParameters.of(Map.of()), Augmentations.train(model.preprocessor().imageSize()), Map.of(), options);
    }

    @Test
    void theScheduleIsTheMethodsOwnForTheTasksProtocol() {
        CoopLikeMethod coop = new CoopLikeMethod(true);
        PromptMethod perProtocol = new PromptMethod() {
            @Override
            public String name() {
                return coop.name();
            }

            @Override
            public String description() {
                return coop.description();
            }

            @Override
            public List<MethodParameter> parameters() {
                return coop.parameters();
            }

            @Override
            public TrainingDefaults trainingDefaults() {
                return coop.trainingDefaults();
            }

            @Override
            public TrainingDefaults trainingDefaults(
                    MethodParameters parameters, Protocol protocol) {
                return protocol == Protocol.BASE_TO_NOVEL
                        ? new TrainingDefaults(7, 3, 0.5, 0, 0) : trainingDefaults();
            }

            @Override
            public PromptLearner create(MethodContext context) {
                return coop.create(context);
            }
        };
        for (Protocol protocol : List.of(Protocol.FEW_SHOT, Protocol.BASE_TO_NOVEL)) {
            FewShotTask task = new FewShotTask("TOY", protocol, 2, 1, set("train", 2, 1),
                    new ImageSet("val", CLASSES, List.of()), List.of(set("test", 3, 2)));
            TrainingSettings settings = MethodRun.forTask(perProtocol, model, task,
                    new DatasetInfo("TOY", "MRI", "brain", CLASSES, List.of(), Map.of()), ClassDescriptions.none(),
                    MethodParameters.of(Map.of()), Augmentations.train(model.preprocessor().imageSize()), Map.of(),
                    TrainingOptions.none()).settings();
            if (protocol == Protocol.BASE_TO_NOVEL) {
                assertThat(settings.epochs()).isEqualTo(7);
                assertThat(settings.batchSize()).isEqualTo(3);
                assertThat(settings.learningRate()).isEqualTo(0.5);
            } else {
                assertThat(settings.epochs()).isEqualTo(perProtocol.trainingDefaults().epochs());
            }
        }
    }

    @Test
    void trainsEvaluatesAndExportsAndResumesExactly() {
        RecordingRun tracked = new RecordingRun();
        RunResult full = run(tmp.resolve("full"), EpochListener.NONE, tracked).execute(root, CLOCK);

        assertThat(full.training().epochs()).isEqualTo(3);
        assertThat(full.training().history()).extracting(EpochMetrics::steps).containsExactly(1, 1, 1);
        assertThat(full.metrics()).containsKeys("accuracy", "macro_f1");
        assertThat(full.evaluation().sets().get(0).metrics().count()).isEqualTo(6);
        assertThat(full.promptSet().manifest().backboneFingerprint()).isEqualTo(model.fingerprint())
                .startsWith("biomedclip:");
        assertThat(full.promptSet().manifest().metrics()).isEqualTo(full.metrics());
        assertThat(full.promptSet().manifest().sourceRun()).isEqualTo("run-1");
        assertThat(full.promptSet().tensors().get("ctx").shape()).containsExactly(4, model.dimensions().textWidth());
        assertThat(tracked.metrics).extracting(RecordingRun.Logged::step).containsExactly(1L, 2L, 3L, 0L);
        assertThat(tracked.metrics.get(3).metrics()).containsKey("accuracy");

        Path dir = tmp.resolve("interrupted");
        assertThatThrownBy(() -> run(dir, m -> {
            if (m.epoch() == 1) {
                throw new IllegalStateException("node lost");
            }
        }, new RecordingRun()).execute(root, CLOCK)).hasMessage("node lost");
        RunResult resumed = run(dir, EpochListener.NONE, new RecordingRun()).execute(root, CLOCK);

        assertThat(resumed.training().resumedFrom()).isEqualTo(2);
        assertThat(resumed.promptSet().tensors()).isEqualTo(full.promptSet().tensors());
        assertThat(resumed.metrics()).isEqualTo(full.metrics());
    }

    @Test
    void trainingKeepsNativeMemoryFlat() {
        InMemoryImages images = toyTensors();
        try (NDManager run = root.newSubManager(); NDManager learnerManager = run.newSubManager();
             var learner = new CoopLikeMethod(true).create(new MethodContext(model, CLASSES,
                     new DatasetInfo("TOY", "MRI", "brain", CLASSES, List.of(), Map.of()), ClassDescriptions.none(),
                     MethodParameters.of(Map.of()), learnerManager, 1))) {
            TrainingSettings settings = new TrainingSettings(1, 2, 0.002, 1, 1e-5, 0.9, 5e-4, 1);
            new TrainingEngine(settings, TrainingOptions.none()).train(run, "coop-like", learner, images, Set.of());
            int afterOne = run.getManagedArrays().size();
            new TrainingEngine(settings.withEpochs(4), TrainingOptions.none())
                    .train(run, "coop-like", learner, images, Set.of());
            assertThat(run.getManagedArrays().size()).as("arrays alive after 4 more epochs").isEqualTo(afterOne);
        }
    }

    private static InMemoryImages toyTensors() {
        Random random = new Random(3);
        float[][] pixels = new float[4][3 * 64 * 64];
        for (float[] p : pixels) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) random.nextGaussian();
            }
        }
        return new InMemoryImages("train", CLASSES, new long[] {3, 64, 64}, pixels, new int[] {0, 1, 0, 1});
    }
}
