package dev.bioprompt.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.backbone.image.ClipImagePreprocessor;
import dev.bioprompt.backbone.io.StateDict;
import dev.bioprompt.backbone.io.StateDictReader;
import dev.bioprompt.backbone.io.StateDtype;
import dev.bioprompt.backbone.io.StateTensor;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.text.BiomedTokenizer;
import dev.bioprompt.backbone.vision.VitConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads BiomedCLIP from a folder in the released layout: {@code open_clip_config.json}, the weights as
 * {@code open_clip_pytorch_model.bin} or a {@code *.safetensors} file, and {@code tokenizer.json} or
 * {@code vocab.txt}; an optional BERT {@code config.json} gives the text tower's head count, epsilon and dropout.
 */
public final class BiomedClipLoader {

    /** The open_clip PyTorch checkpoint name. */
    public static final String BIN_CHECKPOINT = "open_clip_pytorch_model.bin";
    /** Optional HF BERT config of the text tower. */
    public static final String TEXT_CONFIG = "config.json";

    /** Image side used when {@code open_clip_config.json} gives none. */
    public static final int DEFAULT_IMAGE_SIZE = 224;

    private BiomedClipLoader() {
    }

    /**
     * Loads the model with its weights on {@code device}, the folder's tokenizer ({@code tokenizer.json}, else
     * {@code vocab.txt}) and the reference image preprocessing.
     *
     * @throws IOException naming the file and what was expected when a file is missing or malformed
     * @throws IllegalArgumentException naming the key and both shapes when a checkpoint tensor is missing or wrong
     */
    public static BiomedClipModel load(Path dir, Device device) throws IOException {
        return load(dir, device, FrozenPrecision.FLOAT32);
    }

    /**
     * Loads the model as {@link #load(Path, Device)} does, with its gradient-free tower passes in {@code precision}.
     *
     * @throws IOException naming the file and what was expected when a file is missing or malformed
     */
    public static BiomedClipModel load(Path dir, Device device, FrozenPrecision precision) throws IOException {
        OpenClipConfig config = OpenClipConfig.read(dir);
        ImagePreprocessor preprocessor = new ClipImagePreprocessor(config.imageSize().orElse(DEFAULT_IMAGE_SIZE),
                config.mean(), config.std());
        BiomedTokenizer tokenizer = BiomedTokenizer.open(dir, config.contextLength());
        return load(dir, device, precision, tokenizer::tokenize, preprocessor, tokenizer);
    }

    /**
     * Loads the model with its weights on {@code device}, with the given tokenizer and image preprocessing.
     *
     * @param tokenizer texts to ids padded to the context length of {@code dir/open_clip_config.json}
     * @param owned resources closed with the model (or right away when loading fails)
     * @throws IOException naming the file and what was expected when a file is missing or malformed
     * @throws IllegalArgumentException naming the key and both shapes when a checkpoint tensor is missing or wrong
     */
    public static BiomedClipModel load(Path dir, Device device, Function<List<String>, TokenizedText> tokenizer,
                                       ImagePreprocessor preprocessor, AutoCloseable... owned) throws IOException {
        return load(dir, device, FrozenPrecision.FLOAT32, tokenizer, preprocessor, owned);
    }

    /**
     * Loads the model as {@link #load(Path, Device, Function, ImagePreprocessor, AutoCloseable...)} does, with its
     * gradient-free tower passes in {@code precision}.
     */
    public static BiomedClipModel load(Path dir, Device device, FrozenPrecision precision,
                                       Function<List<String>, TokenizedText> tokenizer, ImagePreprocessor preprocessor,
                                       AutoCloseable... owned) throws IOException {
        try {
            return assemble(dir, device, precision, tokenizer, preprocessor, owned);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable resource : owned) {
                try {
                    resource.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static BiomedClipModel assemble(Path dir, Device device, FrozenPrecision precision,
                                            Function<List<String>, TokenizedText> tokenizer,
                                            ImagePreprocessor preprocessor, AutoCloseable... owned)
            throws IOException {
        OpenClipConfig config = OpenClipConfig.read(dir);
        Path checkpoint = checkpointFile(dir);
        String fingerprint = "biomedclip:" + sha256(checkpoint);
        Weights weights = readWeights(checkpoint, device);
        try {
            VitConfig vision = VitConfig.from(weights);
            if (preprocessor.imageSize() != vision.imageSize()) {
                throw new IllegalArgumentException("images are preprocessed to " + preprocessor.imageSize()
                        + " px (image_size in " + dir.resolve(OpenClipConfig.FILE) + ", default "
                        + DEFAULT_IMAGE_SIZE + ") but the checkpoint's position embedding fits " + vision.imageSize()
                        + " px");
            }
            BertConfig text = textConfig(dir, BertConfig.from(weights));
            return new BiomedClipModel(weights, text, vision, config.contextLength(), tokenizer, preprocessor,
                    fingerprint, precision, owned);
        } catch (RuntimeException | IOException e) {
            weights.close();
            throw e;
        }
    }

    /** The weights file of a model folder: {@code open_clip_pytorch_model.bin}, else the only {@code *.safetensors}. */
    public static Path checkpointFile(Path dir) throws IOException {
        Path bin = dir.resolve(BIN_CHECKPOINT);
        if (Files.isRegularFile(bin)) {
            return bin;
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.safetensors")) {
            files.forEach(candidates::add);
        }
        if (candidates.size() != 1) {
            throw new NoSuchFileException(dir.toString(), null, "expected " + BIN_CHECKPOINT
                    + " or exactly one *.safetensors file, found " + candidates.size() + " safetensors files");
        }
        return candidates.get(0);
    }

    /**
     * Reads a checkpoint into float32 arrays on {@code device}, skipping the entries {@link Weights#isIgnored}
     * names. Nothing stays allocated when reading fails.
     */
    public static Weights readWeights(Path checkpoint, Device device) throws IOException {
        StateDict state = StateDictReader.read(checkpoint);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (StateTensor tensor : state.tensors().values()) {
                if (Weights.isIgnored(tensor.key())) {
                    continue;
                }
                if (!tensor.dtype().isFloatingPoint()) {
                    throw new IllegalArgumentException("checkpoint " + checkpoint + " key '" + tensor.key()
                            + "' has element type " + tensor.dtype() + " but a floating-point type was expected");
                }
                Shape shape = new Shape(tensor.shape());
                NDArray array = tensor.dtype() == StateDtype.F32
                        ? OwnedArrays.of(manager, tensor.littleEndianData(), shape, DataType.FLOAT32)
                        : OwnedArrays.of(manager, tensor.toFloats(), shape);
                array.setName(tensor.key());
                arrays.put(tensor.key(), array);
            }
            return new Weights(manager, arrays);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The text sizes with the head count, epsilon and dropout of {@code dir/config.json}, when present. */
    static BertConfig textConfig(Path dir, BertConfig fromShapes) throws IOException {
        Path file = dir.resolve(TEXT_CONFIG);
        if (!Files.isRegularFile(file)) {
            return fromShapes;
        }
        JsonNode node = new ObjectMapper().readTree(file.toFile());
        int heads = node.path("num_attention_heads").asInt(fromShapes.heads());
        float eps = (float) node.path("layer_norm_eps").asDouble(fromShapes.eps());
        float dropout = (float) node.path("hidden_dropout_prob").asDouble(fromShapes.dropout());
        int width = node.path("hidden_size").asInt(fromShapes.width());
        if (width != fromShapes.width()) {
            throw new IllegalArgumentException(file + " gives hidden_size " + width
                    + " but the checkpoint's word embeddings have width " + fromShapes.width());
        }
        return fromShapes.with(heads, eps, dropout);
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
