package dev.bioprompt.cli.doctor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.Weights;
import dev.bioprompt.backbone.bench.RandomWeights;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.text.BertTextEncoder;
import dev.bioprompt.backbone.vision.VitConfig;
import dev.bioprompt.backbone.vision.VitEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a small matrix product and one forward pass of both towers (random weights) on a device and reports the
 * times: proof that the device computes, and a first idea of its speed.
 */
final class ComputeProbe {

    /** The sizes of the forward pass. */
    enum ForwardSize {
        /** ViT-B/16 and BERT-base, as the released BiomedCLIP. */
        BIOMEDCLIP(VitConfig.BIOMEDCLIP, BertConfig.BIOMEDCLIP),
        /** A two-layer model of width 64: seconds, for tests and quick checks. */
        TINY(new VitConfig(64, 2, 1, 128, 16, 14, 32, 1e-6f),
                new BertConfig(1000, 64, 2, 1, 128, 512, 80, 32, 1e-12f, 0.1f));

        final VitConfig vision;
        final BertConfig text;

        ForwardSize(VitConfig vision, BertConfig text) {
            this.vision = vision;
            this.text = text;
        }
    }

    private static final int MATRIX = 1024;
    private static final int PROMPT_TOKENS = 16;

    private ComputeProbe() {
    }

    /** The checks of one device; a failure is reported, never thrown. */
    static List<Check> run(Device device, ForwardSize size) {
        List<Check> checks = new ArrayList<>();
        String name = "on " + device;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray a = manager.randomNormal(new Shape(MATRIX, MATRIX));
            NDArray b = manager.randomNormal(new Shape(MATRIX, MATRIX));
            double matmul = medianSeconds(3, () -> a.matMul(b).sum().getFloat());
            double gflops = 2.0 * MATRIX * MATRIX * MATRIX / matmul / 1e9;
            checks.add(Check.info("compute", "matrix product " + name, String.format(Locale.ROOT,
                    "%dx%d float32 in %.1f ms (%.1f GFLOP/s)", MATRIX, MATRIX, matmul * 1e3, gflops)));
            try (Weights weights = RandomWeights.create(manager.newSubManager(), size.vision, size.text,
                    size.text.maxPositions())) {
                VitEncoder images = new VitEncoder(weights, size.vision);
                BertTextEncoder texts = new BertTextEncoder(weights, size.text);
                NDArray pixels = manager.randomNormal(new Shape(1, 3, size.vision.imageSize(),
                        size.vision.imageSize()));
                NDArray prompt = manager.randomNormal(0f, 0.02f, new Shape(1, PROMPT_TOKENS, size.text.width()),
                        DataType.FLOAT32);
                double forward = medianSeconds(3, () -> {
                    try (NDManager step = manager.newSubManager()) {
                        float image = images.encode(step, pixels, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                                .pooled().getFloat(0, 0);
                        float text = texts.encode(step, new TextPrompt(prompt, new int[] {PROMPT_TOKENS}), false)
                                .getFloat(0, 0);
                        return image + text;
                    }
                });
                checks.add(Check.info("compute", "forward " + name, String.format(Locale.ROOT,
                        "%s size, 1 image + 1 prompt of %d tokens: %.1f ms", size.name().toLowerCase(Locale.ROOT),
                        PROMPT_TOKENS, forward * 1e3)));
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            checks.add(new Check("compute", "forward " + name, "failed: " + e, false));
        }
        return checks;
    }

    private interface Work {
        float run();
    }

    private static double medianSeconds(int iterations, Work work) {
        work.run();
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            float value = work.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
            if (!Float.isFinite(value)) {
                throw new IllegalStateException("the device computed a non-finite value");
            }
        }
        Arrays.sort(seconds);
        return seconds[iterations / 2];
    }
}
