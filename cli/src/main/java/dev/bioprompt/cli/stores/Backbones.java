package dev.bioprompt.cli.stores;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.ToyBackbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the backbone a command serves with: a folder in the released BiomedCLIP layout, or the embedded toy one. */
public final class Backbones {

    private Backbones() {
    }

    /**
     * Loads a backbone on the engine's default device.
     *
     * @param folder the model folder; null or empty for the embedded toy backbone
     * @param cacheDir where the toy backbone is extracted
     * @throws IOException naming the folder or file when it cannot be loaded
     */
    public static VisionLanguageModel load(String folder, Path cacheDir) throws IOException {
        Path dir;
        if (folder == null || folder.isBlank()) {
            dir = ToyBackbone.extract(cacheDir);
        } else {
            dir = Path.of(folder).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IOException("backbone folder " + dir + " does not exist (--backbone or backbone.dir: a "
                        + "folder in the released BiomedCLIP layout)");
            }
        }
        Device device = Engine.getInstance().defaultDevice();
        return BiomedClipLoader.load(dir, device);
    }
}
