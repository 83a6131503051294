package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.SafeTensors;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Per-epoch checkpoints in a folder: {@code epoch-NNNN/checkpoint.safetensors} (learner tensors under
 * {@code learner/}, momentum buffers under {@code momentum/}) plus {@code epoch-NNNN/checkpoint.json} (method,
 * settings, completed epochs, how the random state derives from them, metric history and the SHA-256 of the tensor
 * file).
 *
 * <p>A checkpoint appears complete or not at all: it is written into a temporary sibling folder that is then renamed.
 * Older checkpoints are deleted after a newer one is in place, so a crash at any moment leaves a readable checkpoint.
 */
public final class CheckpointStore {

    /** The tensor file of a checkpoint. */
    public static final String TENSORS = "checkpoint.safetensors";
    /** The description file of a checkpoint. */
    public static final String DESCRIPTION = "checkpoint.json";
    /** The checkpoint format this version writes. */
    public static final int FORMAT_VERSION = 1;

    /** How the random state is recorded: derived from the run seed and the next epoch alone. */
    static final String RANDOM_STATE = "derived per epoch from settings.seed and epochsCompleted (Seeds)";

    private static final String LEARNER = "learner/";
    private static final String MOMENTUM = "momentum/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    /** @param dir the checkpoint folder (created on the first write) */
    public CheckpointStore(Path dir) {
        this.dir = requireNonNull(dir, "dir is null").toAbsolutePath();
    }

    /** The checkpoint folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Writes a checkpoint atomically and removes the older ones.
     *
     * @return the checkpoint's folder
     */
    public Path write(Checkpoint checkpoint) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        checkpoint.learner().forEach((k, v) -> tensors.put(LEARNER + k, v));
        checkpoint.momentum().forEach((k, v) -> tensors.put(MOMENTUM + k, v));
        byte[] tensorBytes = SafeTensors.write(tensors);
        Description description = new Description(FORMAT_VERSION, checkpoint.method(), checkpoint.settings(),
                checkpoint.epochsCompleted(), RANDOM_STATE, PromptSet.sha256(tensorBytes), checkpoint.history());
        Path target = dir.resolve(folderName(checkpoint.epochsCompleted()));
        AtomicFiles.writeFolder(target, AtomicFiles.IfExists.REPLACE, tmp -> {
            Files.write(tmp.resolve(TENSORS), tensorBytes);
            Files.write(tmp.resolve(DESCRIPTION), JSON.writeValueAsBytes(description));
        });
        for (Path old : folders()) {
            if (!old.equals(target)) {
                FileTrees.delete(old);
            }
        }
        return target;
    }

    /**
     * The newest checkpoint, if any.
     *
     * @throws IOException naming the file when the newest checkpoint is unreadable or fails its checksum
     */
    public Optional<Checkpoint> latest() throws IOException {
        List<Path> folders = folders();
        if (folders.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(folders.get(folders.size() - 1)));
    }

    /** Reads and verifies the checkpoint in one folder. */
    public static Checkpoint read(Path folder) throws IOException {
        Path descriptionFile = folder.resolve(DESCRIPTION);
        Path tensorFile = folder.resolve(TENSORS);
        Description description;
        byte[] tensorBytes;
        try {
            description = JSON.readValue(Files.readAllBytes(descriptionFile), Description.class);
            tensorBytes = Files.readAllBytes(tensorFile);
        } catch (NoSuchFileException e) {
            throw new IOException("checkpoint " + folder + " is incomplete: missing " + e.getFile(), e);
        } catch (IOException e) {
            throw new IOException(descriptionFile + " is not a valid checkpoint description: " + e.getMessage(), e);
        }
        if (description.formatVersion() > FORMAT_VERSION) {
            throw new IOException(descriptionFile + " has format version " + description.formatVersion()
                    + "; this version reads up to " + FORMAT_VERSION);
        }
        if (description.settings() == null || description.method() == null || description.history() == null) {
            throw new IOException(descriptionFile + " lacks one of the keys method, settings, history");
        }
        String actual = PromptSet.sha256(tensorBytes);
        if (!actual.equals(description.tensorsSha256())) {
            throw new IOException("checksum mismatch for " + tensorFile + ": " + DESCRIPTION + " says "
                    + description.tensorsSha256() + ", file has " + actual + " (corrupted or truncated)");
        }
        Map<String, Tensor> learner = new LinkedHashMap<>();
        Map<String, Tensor> momentum = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : SafeTensors.read(tensorBytes, tensorFile.toString()).entrySet()) {
            if (e.getKey().startsWith(LEARNER)) {
                learner.put(e.getKey().substring(LEARNER.length()), e.getValue());
            } else if (e.getKey().startsWith(MOMENTUM)) {
                momentum.put(e.getKey().substring(MOMENTUM.length()), e.getValue());
            } else {
                throw new IOException(tensorFile + ": unexpected tensor '" + e.getKey() + "' (expected names under "
                        + LEARNER + " or " + MOMENTUM + ")");
            }
        }
        return new Checkpoint(description.method(), description.settings(), description.epochsCompleted(), learner,
                momentum, description.history());
    }

    private List<Path> folders() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().matches("epoch-\\d{4,}") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString().substring(6))))
                    .toList();
        }
    }

    private static String folderName(int epochs) {
        return String.format("epoch-%04d", epochs);
    }


    /** The JSON description of a checkpoint. */
    record Description(int formatVersion, String method, TrainingSettings settings, int epochsCompleted,
                       String randomState, String tensorsSha256, List<EpochMetrics> history) {
    }
}
