package dev.bioprompt.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.RandomWeights;
import dev.bioprompt.backbone.Weights;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.text.BertTextEncoder;
import dev.bioprompt.backbone.vision.VitConfig;
import dev.bioprompt.backbone.vision.VitEncoder;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Throughput of the BiomedCLIP towers at the real size (ViT-B/16 12x768, BERT-base 12x768, vocab 30522, embed 512)
 * with random weights built in memory. Prints the median seconds per iteration and the throughput.
 *
 * <p>Arguments (all optional): image batch (32), image iterations (1), text batch (8), real text length (16),
 * text iterations (3), full-length iterations (1). Each measurement follows one warm-up run (the image warm-up
 * uses a batch of 2 to keep the run short). Run with {@code -Dai.djl.pytorch.num_threads=N} to fix threads:
 * <pre>
 * mvn -B -o -q -pl benchmarks -am -DskipTests package
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
 *     -cp 'benchmarks/target/bioprompt-benchmarks.jar:benchmarks/target/lib/*' \
 *     dev.bioprompt.benchmarks.BackboneBenchmark
 * </pre>
 * {@code tools/bench_reference.py} runs the same computations with open_clip and PyTorch.
 */
public final class BackboneBenchmark {

    private BackboneBenchmark() {
    }

    public static void main(String[] args) {
        int imageBatch = arg(args, 0, 32);
        int imageIters = arg(args, 1, 1);
        int textBatch = arg(args, 2, 8);
        int realLength = arg(args, 3, 16);
        int textIters = arg(args, 4, 3);
        int fullIters = arg(args, 5, 1);
        int context = 256;
        VitConfig vision = VitConfig.BIOMEDCLIP;
        BertConfig text = BertConfig.BIOMEDCLIP;
        try (NDManager root = NDManager.newBaseManager(BenchDevice.fromProperty());
             Weights weights = RandomWeights.create(root.newSubManager(), vision, text, 512)) {
            System.out.printf("device=%s threads=%s%n", root.getDevice(),
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));
            VitEncoder images = new VitEncoder(weights, vision);
            BertTextEncoder texts = new BertTextEncoder(weights, text);

            NDArray warmup = root.randomNormal(new Shape(2, 3, 224, 224));
            encode(root, images, warmup);
            NDArray pixels = root.randomNormal(new Shape(imageBatch, 3, 224, 224));
            double imageSeconds = median(0, imageIters, () -> encode(root, images, pixels));
            report("image encoder", imageBatch, imageSeconds, "images");

            NDArray prompts = root.randomNormal(0f, 0.02f, new Shape(textBatch, context, 768),
                    DataType.FLOAT32);
            int[] real = new int[textBatch];
            Arrays.fill(real, realLength);
            int[] full = new int[textBatch];
            Arrays.fill(full, context);
            double cutSeconds = median(1, textIters, () -> encode(root, texts, prompts, real));
            report("text encoder, cut to " + realLength + " tokens", textBatch, cutSeconds, "prompts");
            double fullSeconds = median(0, fullIters, () -> encode(root, texts, prompts, full));
            report("text encoder, " + context + " tokens", textBatch, fullSeconds, "prompts");
            System.out.printf("text speed-up from cutting: %.1fx%n", fullSeconds / cutSeconds);
        }
    }

    private static float encode(NDManager root, VitEncoder images, NDArray pixels) {
        try (NDManager step = root.newSubManager()) {
            return images.encode(step, pixels, VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled()
                    .getFloat(0, 0);
        }
    }

    private static float encode(NDManager root, BertTextEncoder texts, NDArray prompts, int[] lengths) {
        try (NDManager step = root.newSubManager()) {
            return texts.encode(step, new TextPrompt(prompts, lengths), false).getFloat(0, 0);
        }
    }

    private static double median(int warmups, int iterations, Supplier<Float> run) {
        for (int i = 0; i < warmups; i++) {
            run.get();
        }
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            run.get();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return iterations % 2 == 1 ? seconds[iterations / 2]
                : (seconds[iterations / 2 - 1] + seconds[iterations / 2]) / 2;
    }

    private static void report(String what, int batch, double seconds, String unit) {
        System.out.printf("%-36s batch %3d: %8.3f s/iter  %8.2f %s/s%n", what, batch, seconds, batch / seconds, unit);
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
