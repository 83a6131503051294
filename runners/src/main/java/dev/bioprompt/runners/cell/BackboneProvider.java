package dev.bioprompt.runners.cell;

import ai.djl.Device;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.FrozenPrecision;
import dev.bioprompt.backbone.ToyBackbone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads backbones once per process and device: loading and fingerprinting a checkpoint costs seconds, and every cell
 * of a sweep uses the same one. An empty backbone folder means the embedded toy backbone.
 */
public final class BackboneProvider implements AutoCloseable {

    private final Path cacheDir;
    private final Map<String, VisionLanguageModel> loaded = new ConcurrentHashMap<>();

    /**
     * @param cacheDir where the embedded toy backbone is extracted
     */
    public BackboneProvider(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * The backbone of a folder (or the toy backbone for an empty string) on a device.
     *
     * @throws UncheckedIOException naming the folder when it cannot be loaded
     */
    public VisionLanguageModel get(String folder, Device device) {
        return get(folder, device, FrozenPrecision.FLOAT32);
    }

    /**
     * The backbone of a folder on a device with its frozen towers in {@code precision}.
     *
     * @throws UncheckedIOException naming the folder when it cannot be loaded
     */
    public VisionLanguageModel get(String folder, Device device, FrozenPrecision precision) {
        return loaded.computeIfAbsent(folder + "@" + device + "@" + precision, key -> load(folder, device, precision));
    }

    /** The folder a setting names: the extracted toy backbone for an empty one. */
    public Path resolve(String folder) throws IOException {
        if (folder == null || folder.isBlank()) {
            return ToyBackbone.extract(cacheDir);
        }
        Path dir = Path.of(folder);
        if (!Files.isDirectory(dir)) {
            throw new IOException("backbone folder " + dir.toAbsolutePath() + " does not exist (set backbone.dir to a"
                    + " folder in the released BiomedCLIP layout, run 'bioprompt weights fetch', or leave it empty"
                    + " for the embedded toy backbone)");
        }
        return dir;
    }

    private VisionLanguageModel load(String folder, Device device, FrozenPrecision precision) {
        try {
            return BiomedClipLoader.load(resolve(folder), device, precision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        loaded.values().forEach(VisionLanguageModel::close);
        loaded.clear();
    }
}
