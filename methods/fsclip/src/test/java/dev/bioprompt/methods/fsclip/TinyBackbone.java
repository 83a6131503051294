package dev.bioprompt.methods.fsclip;

import ai.djl.Device;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The tiny real BiomedCLIP of the backbone parity fixtures (2 layers, width 128, 64-pixel images). */
final class TinyBackbone {

    /** The model folder, relative to this module's folder. */
    static final Path DIR = Path.of("../../backbone/src/test/resources/parity/tiny_b");

    private TinyBackbone() {
    }

    /** Loads the model on the CPU with the folder's tokenizer and preprocessing. */
    static VisionLanguageModel open() {
        try {
            return BiomedClipLoader.load(DIR, Device.cpu());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
