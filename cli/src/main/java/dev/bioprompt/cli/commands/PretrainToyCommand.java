package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.config.DeviceSetting;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.toy.ToyModality;
import dev.bioprompt.data.toy.ToyWorld;
import dev.bioprompt.runners.cell.DataRoots;
import dev.bioprompt.runners.pretrain.ToyPretrainOptions;
import dev.bioprompt.runners.pretrain.ToyPretrainer;
import dev.bioprompt.runners.pretrain.ZeroShotProbe;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt pretrain-toy}: contrastively pretrains the small toy backbone and reports its zero-shot accuracy
 * on the default toy datasets.
 */
@Command(name = "pretrain-toy",
        header = "Pretrain the toy backbone on toy image-caption pairs.",
        mixinStandardHelpOptions = true,
        description = {
            "Pretrain the small toy backbone (the BiomedCLIP architecture at toy size) on toy image-caption pairs,",
            "write it in the released folder layout, then print its zero-shot accuracy on each default toy dataset.",
            "The output folder appears complete or not at all. The device is the setting runner.device."})
public final class PretrainToyCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The backbone folder to create (must not exist).")
    Path out;

    @Option(names = "--steps", paramLabel = "N",
            description = "Optimiser steps (default: 120, as for the committed toy backbone).")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the weights, pretraining images and captions (default: 2024).")
    Long seed;

    @Inject
    PretrainToyCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        if (steps != null && steps < 0) {
            throw new UsageException("--steps must be 0 or more, was " + steps);
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IllegalArgumentException("--out " + target + " already exists: choose a new folder");
        }
        ToyPretrainOptions d = ToyPretrainOptions.DEFAULT;
        ToyPretrainOptions options = new ToyPretrainOptions(seed != null ? seed : d.seed(),
                steps != null ? steps : d.steps(), d.batchSize(), d.learningRate(), d.width(), d.layers(),
                d.embedDim(), d.contextLength(), d.imageSize());
        PrintWriter err = context.err();
        new ToyPretrainer(options, line -> {
            err.println(line);
            err.flush();
        }).pretrain(target);
        context.out().println("toy backbone written to " + target);

        Device device = DeviceSetting.resolve(context.settings());
        Path world = DataRoots.toyWorld(CacheDirectory.resolve(context.settings(), context.environment()));
        try (VisionLanguageModel model = BiomedClipLoader.load(target, device)) {
            for (ToyModality modality : ToyWorld.modalities()) {
                LoadedDataset dataset = DatasetLoader.load(world, modality.dataset());
                double accuracy = ZeroShotProbe.accuracy(model, dataset.test());
                context.out().printf("%-9s zero-shot accuracy %.3f (chance %.3f, %d test images)%n",
                        modality.dataset(), accuracy, 1.0 / modality.classes().size(), dataset.test().size());
            }
        }
        context.out().flush();
        return 0;
    }
}
