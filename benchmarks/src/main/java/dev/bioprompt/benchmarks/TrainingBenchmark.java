package dev.bioprompt.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.backbone.BiomedClipModel;
import dev.bioprompt.backbone.OpenClipConfig;
import dev.bioprompt.backbone.RandomWeights;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.vision.VitConfig;
import dev.bioprompt.runners.engine.Checkpoint;
import dev.bioprompt.runners.engine.CheckpointStore;
import dev.bioprompt.runners.engine.EpochMetrics;
import dev.bioprompt.runners.engine.EvaluationReport;
import dev.bioprompt.runners.engine.Evaluator;
import dev.bioprompt.runners.engine.FeatureCache;
import dev.bioprompt.runners.engine.InMemoryImages;
import dev.bioprompt.runners.engine.NdTensors;
import dev.bioprompt.runners.engine.ProtocolEvaluator;
import dev.bioprompt.runners.engine.TrainingEngine;
import dev.bioprompt.runners.engine.TrainingOptions;
import dev.bioprompt.runners.engine.TrainingSettings;
import dev.bioprompt.runners.engine.bench.CoopLikeMethod;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Times the engine at the real BiomedCLIP size (ViT-B/16, BERT-base, random weights built in memory) with a
 * CoOp-shaped learner (4 shared context vectors, cross-entropy): seconds per training step, the cost of a checkpoint,
 * and evaluation throughput without and with the feature cache. Prints the numbers.
 *
 * <p>Arguments (all optional): classes (4), training images per class (4), batch size (4), epochs (2), evaluation
 * images (64), evaluation batch size (32). Run with {@code -Dai.djl.pytorch.num_threads=N} to fix threads.
 */
public final class TrainingBenchmark {

    private static final int CONTEXT = 256;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int classes = arg(args, 0, 4);
        int perClass = arg(args, 1, 4);
        int batch = arg(args, 2, 4);
        int epochs = arg(args, 3, 2);
        int evalImages = arg(args, 4, 64);
        int evalBatch = arg(args, 5, 32);
        VitConfig vision = VitConfig.BIOMEDCLIP;
        BertConfig text = BertConfig.BIOMEDCLIP;
        List<String> classNames = IntStream.range(0, classes).mapToObj(i -> "class " + i + " lesion").toList();
        Path tmp = Files.createTempDirectory("training-benchmark-");
        try (NDManager root = NDManager.newBaseManager();
             VisionLanguageModel model = new BiomedClipModel(RandomWeights.create(root.newSubManager(), vision, text,
                     512), text, vision, CONTEXT, TrainingBenchmark::tokenize, new NoPreprocessing(), "random")) {
            System.out.printf("device=%s threads=%s classes=%d train=%d batch=%d epochs=%d%n", root.getDevice(),
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), classes, classes * perClass, batch,
                    epochs);
            InMemoryImages train = randomImages("train", classNames, classes * perClass, 1);
            InMemoryImages test = randomImages("test", classNames, evalImages, 2);
            try (NDManager learnerManager = root.newSubManager();
                 PromptLearner learner = new CoopLikeMethod(false).create(new MethodContext(model, classNames,
                         new DatasetInfo("BENCHMARK", "random", "none", classNames, List.of(), Map.of()),
                         ClassDescriptions.none(), MethodParameters.of(Map.of()), learnerManager, 1))) {
                List<EpochMetrics> epochsSeen = new ArrayList<>();
                TrainingSettings settings = new TrainingSettings(epochs, batch, 0.002, 1, 1e-5, 0.9, 5e-4, 1);
                new TrainingEngine(settings, TrainingOptions.none().withListener(epochsSeen::add))
                        .train(root, "coop-shaped", learner, train, Set.of());
                for (EpochMetrics m : epochsSeen) {
                    System.out.printf(Locale.ROOT, "epoch %d: %.3f s/step (%d steps, loss %.4f)%n", m.epoch(),
                            m.millis() / 1e3 / m.steps(), m.steps(), m.loss());
                }

                long t0 = System.nanoTime();
                Checkpoint checkpoint;
                try (NDManager scope = root.newSubManager()) {
                    checkpoint = new Checkpoint("coop-shaped", settings, epochs,
                            NdTensors.toTensors(learner.exportTensors(scope)), Map.of(), epochsSeen);
                }
                new CheckpointStore(tmp.resolve("checkpoints")).write(checkpoint);
                System.out.printf(Locale.ROOT, "checkpoint write: %.1f ms%n", (System.nanoTime() - t0) / 1e6);

                try (FeatureCache cache = new FeatureCache(root, 1L << 30)) {
                    ProtocolEvaluator evaluator = new ProtocolEvaluator(new Evaluator(root, evalBatch, cache));
                    long e0 = System.nanoTime();
                    EvaluationReport first = evaluator.evaluate(root, learner, "trained", Protocol.FEW_SHOT,
                            List.of(test));
                    double cold = (System.nanoTime() - e0) / 1e9;
                    long e1 = System.nanoTime();
                    evaluator.evaluate(root, learner, "trained", Protocol.FEW_SHOT, List.of(test));
                    double warm = (System.nanoTime() - e1) / 1e9;
                    System.out.printf(Locale.ROOT, "evaluation of %d images: %.2f s (%.1f images/s); again with "
                            + "cached features: %.3f s (%.0fx); accuracy %.1f%%%n", evalImages, cold,
                            evalImages / cold, warm, cold / warm, first.metrics().get("accuracy"));
                }
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static InMemoryImages randomImages(String name, List<String> classNames, int count, long seed) {
        Random random = new Random(seed);
        float[][] pixels = new float[count][3 * 224 * 224];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < pixels[i].length; j++) {
                pixels[i][j] = (float) random.nextGaussian();
            }
            labels[i] = i % classNames.size();
        }
        return new InMemoryImages(name, classNames, new long[] {3, 224, 224}, pixels, labels);
    }

    private static TokenizedText tokenize(List<String> texts) {
        long[][] ids = new long[texts.size()][CONTEXT];
        int[] lengths = new int[texts.size()];
        for (int t = 0; t < texts.size(); t++) {
            String[] words = texts.get(t).toLowerCase(Locale.ROOT).split("\\s+");
            ids[t][0] = 2;
            for (int w = 0; w < words.length; w++) {
                ids[t][w + 1] = 1000 + Math.floorMod(words[w].hashCode(), 29000);
            }
            ids[t][words.length + 1] = 3;
            lengths[t] = words.length + 2;
        }
        return new TokenizedText(ids, lengths);
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /** The benchmark feeds tensors directly. */
    private static final class NoPreprocessing implements ImagePreprocessor {
        @Override
        public int imageSize() {
            return 224;
        }

        @Override
        public float[] mean() {
            return OpenClipConfig.clipMean();
        }

        @Override
        public float[] std() {
            return OpenClipConfig.clipStd();
        }

        @Override
        public float[] toPixels(BufferedImage image) {
            throw new UnsupportedOperationException("the benchmark feeds preprocessed tensors");
        }
    }

}
