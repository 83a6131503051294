package dev.bioprompt.runners.pretrain;

import ai.djl.Device;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.OpenClipConfig;
import dev.bioprompt.backbone.image.ClipImagePreprocessor;
import dev.bioprompt.backbone.text.BiomedTokenizer;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.toy.ToyModality;
import dev.bioprompt.data.toy.ToyWorld;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manual driver: pretrains into args[0] and prints zero-shot accuracy on the default toy world. */
public final class ToyPretrainerDriver {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        ToyPretrainOptions d = ToyPretrainOptions.DEFAULT;
        long t0 = System.nanoTime();
        new ToyPretrainer(new ToyPretrainOptions(d.seed(), steps, d.batchSize(), d.learningRate(), d.width(),
                d.layers(), d.embedDim(), d.contextLength(), d.imageSize()), System.out::println).pretrain(out);
        System.out.printf("pretrain took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path world = Files.createTempDirectory("toyworld").resolve("w");
        new ToyWorld(7).generate(world);
        OpenClipConfig cfg = OpenClipConfig.read(out);
        BiomedTokenizer tok = BiomedTokenizer.open(out, cfg.contextLength());
        try (var model = BiomedClipLoader.load(out, Device.cpu(), tok::tokenize,
                new ClipImagePreprocessor(cfg.imageSize().getAsInt(), cfg.mean(), cfg.std()), tok)) {
            for (ToyModality m : ToyWorld.modalities()) {
                LoadedDataset ds = DatasetLoader.load(world, m.dataset());
                System.out.printf("%s zero-shot %.3f (chance %.3f)%n", m.dataset(),
                        ZeroShotProbe.accuracy(model, ds.test()), 1.0 / m.classes().size());
            }
        }
    }
}
