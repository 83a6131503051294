package dev.bioprompt.backbone;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the loader takes from a model folder's {@code open_clip_config.json} (everything else comes from checkpoint
 * shapes): the context length, the image size when given, and the normalisation constants.
 *
 * @param contextLength text length in tokens ({@code model_cfg.text_cfg.context_length}, 256 when absent)
 * @param imageSize {@code model_cfg.vision_cfg.image_size}, when given
 * @param mean per-channel mean ({@code preprocess_cfg.mean}, OpenAI CLIP constants when absent)
 * @param std per-channel standard deviation ({@code preprocess_cfg.std})
 */
public record OpenClipConfig(int contextLength, OptionalInt imageSize, float[] mean, float[] std) {

    /** File name in a released model folder. */
    public static final String FILE = "open_clip_config.json";
    /** OpenAI CLIP's per-channel normalisation mean (BiomedCLIP's), as {@code preprocess_cfg.mean} writes it. */
    public static final List<Double> PREPROCESS_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    /** OpenAI CLIP's per-channel normalisation standard deviation, as {@code preprocess_cfg.std} writes it. */
    public static final List<Double> PREPROCESS_STD = List.of(0.26862954, 0.26130258, 0.27577711);
    static final float[] CLIP_MEAN = floats(PREPROCESS_MEAN);
    static final float[] CLIP_STD = floats(PREPROCESS_STD);

    /** OpenAI CLIP's per-channel normalisation mean (BiomedCLIP's), a new array on each call. */
    public static float[] clipMean() {
        return CLIP_MEAN.clone();
    }

    /** OpenAI CLIP's per-channel normalisation standard deviation (BiomedCLIP's), a new array on each call. */
    public static float[] clipStd() {
        return CLIP_STD.clone();
    }

    public OpenClipConfig {
        requireNonNull(imageSize, "imageSize is null");
        requireNonNull(mean, "mean is null");
        requireNonNull(std, "std is null");
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
    }

    /** Reads {@code dir/open_clip_config.json}, or the BiomedCLIP defaults when the file is absent. */
    public static OpenClipConfig read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new OpenClipConfig(256, OptionalInt.empty(), CLIP_MEAN.clone(), CLIP_STD.clone());
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode model = root.path("model_cfg");
        int context = model.path("text_cfg").path("context_length").asInt(256);
        JsonNode size = model.path("vision_cfg").path("image_size");
        OptionalInt imageSize = size.isInt() ? OptionalInt.of(size.asInt()) : OptionalInt.empty();
        JsonNode pre = root.path("preprocess_cfg");
        return new OpenClipConfig(context, imageSize, triple(file, pre.path("mean"), CLIP_MEAN),
                triple(file, pre.path("std"), CLIP_STD));
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static float[] triple(Path file, JsonNode node, float[] fallback) throws IOException {
        if (node.isMissingNode()) {
            return fallback.clone();
        }
        if (!node.isArray() || node.size() != 3) {
            throw new IOException(file + ": preprocess_cfg mean/std must be 3 numbers, found " + node);
        }
        return new float[] {node.get(0).floatValue(), node.get(1).floatValue(), node.get(2).floatValue()};
    }
}
