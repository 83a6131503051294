package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.ToyBackbone;
import dev.bioprompt.backbone.image.ImageFiles;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.config.DeviceSetting;
import dev.bioprompt.io.AtomicFiles;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt embed}: the raw projected image and text features of a backbone (before L2 normalisation), as
 * JSON, for checking a backbone against a reference implementation or feeding features to other tools.
 */
@Command(name = "embed",
        header = "Print the projected image and text features of a backbone as JSON.",
        mixinStandardHelpOptions = true,
        description = {
            "Encode images and texts with a backbone and print the raw projected features as JSON:",
            "{\"image_features\": [[...]], \"text_features\": [[...]], \"logit_scale\": s}.",
            "Features are before L2 normalisation, one row per --image/--text in argument order;",
            "logit_scale is the model's temperature exp(logit_scale). The device is the setting runner.device."})
public final class EmbedCommand implements Callable<Integer> {

    /** Images and texts are encoded in batches of this many. */
    private static final int BATCH = 32;

    private final CliContext context;

    @Option(names = "--backbone", paramLabel = "DIR",
            description = "Backbone folder in the released BiomedCLIP layout (default: the embedded toy backbone).")
    Path backbone;

    @Option(names = "--image", paramLabel = "FILE", description = "An image file to encode (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--text", paramLabel = "STRING", description = "A text to encode (repeatable).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the JSON to this file (atomically) instead of standard output.")
    Path out;

    @Inject
    EmbedCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        if (images.isEmpty() && texts.isEmpty()) {
            throw new UsageException("embed needs at least one --image FILE or --text STRING");
        }
        Path dir = backboneFolder();
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path image : images) {
            decoded.add(ImageFiles.read(image));
        }
        Device device = DeviceSetting.resolve(context.settings());
        Map<String, Object> json = new LinkedHashMap<>();
        try (VisionLanguageModel model = BiomedClipLoader.load(dir, device);
             NDManager manager = NDManager.newBaseManager(device)) {
            json.put("image_features", imageFeatures(model, manager, decoded));
            json.put("text_features", textFeatures(model, manager, texts));
            json.put("logit_scale", model.logitScale());
        }
        byte[] bytes = (new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
                + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            context.out().print(new String(bytes, StandardCharsets.UTF_8));
            context.out().flush();
        } else {
            AtomicFiles.write(out, bytes);
            context.err().println("wrote " + out.toAbsolutePath().normalize());
        }
        return 0;
    }

    private Path backboneFolder() throws IOException {
        if (backbone != null) {
            if (!Files.isDirectory(backbone)) {
                throw new IllegalArgumentException("backbone folder " + backbone.toAbsolutePath().normalize()
                        + " does not exist (expected a folder in the released BiomedCLIP layout, for example from"
                        + " 'bioprompt weights fetch')");
            }
            return backbone;
        }
        if (!ToyBackbone.isEmbedded()) {
            throw new UsageException("this build does not embed the toy backbone: pass --backbone DIR (a folder in"
                    + " the released BiomedCLIP layout; 'bioprompt weights fetch' downloads one)");
        }
        return ToyBackbone.extract(CacheDirectory.resolve(context.settings(), context.environment()));
    }

    private static List<float[]> imageFeatures(VisionLanguageModel model, NDManager manager,
                                               List<BufferedImage> decoded) {
        List<float[]> rows = new ArrayList<>();
        for (int start = 0; start < decoded.size(); start += BATCH) {
            List<BufferedImage> chunk = decoded.subList(start, Math.min(decoded.size(), start + BATCH));
            try (NDManager step = manager.newSubManager()) {
                NDArray pixels = model.preprocessor().toTensor(step, chunk);
                NDArray pooled = model.encodeImage(step, pixels, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                        .pooled();
                rows.addAll(toRows(pooled));
            }
        }
        return rows;
    }

    private static List<float[]> textFeatures(VisionLanguageModel model, NDManager manager, List<String> texts) {
        List<float[]> rows = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += BATCH) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + BATCH));
            try (NDManager step = manager.newSubManager()) {
                rows.addAll(toRows(model.encodeText(step, model.tokenize(chunk))));
            }
        }
        return rows;
    }

    private static List<float[]> toRows(NDArray features) {
        int n = Math.toIntExact(features.getShape().get(0));
        int d = Math.toIntExact(features.getShape().get(1));
        float[] all = features.toFloatArray();
        List<float[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = new float[d];
            System.arraycopy(all, i * d, row, 0, d);
            rows.add(row);
        }
        return rows;
    }
}
