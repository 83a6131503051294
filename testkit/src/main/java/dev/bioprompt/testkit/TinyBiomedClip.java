package dev.bioprompt.testkit;

import ai.djl.Device;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny real BiomedCLIP for method tests: the architecture of the released model (timm ViT image tower, PubMedBERT
 * text tower, projections, logit scale) at toy size (2 layers, width 128, 64-pixel images, a small WordPiece
 * vocabulary), with random weights. It ships inside this jar; {@link #open()} is the one call a test needs.
 *
 * <pre>{@code
 * try (VisionLanguageModel model = TinyBiomedClip.open()) { ... }
 * }</pre>
 */
public final class TinyBiomedClip {

    /** The files of the model folder, in the released layout. */
    public static final List<String> FILES = List.of("open_clip_config.json", "config.json", "vocab.txt",
            "tokenizer.json", "open_clip_model.safetensors");

    private static final String RESOURCE_DIR = "/dev/bioprompt/testkit/tiny-biomedclip/";

    private static Path extracted;

    private TinyBiomedClip() {
    }

    /** Loads the tiny model on the CPU with its tokenizer and image preprocessing; close it after the test. */
    public static VisionLanguageModel open() {
        try {
            return BiomedClipLoader.load(dir(), Device.cpu());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model as a folder on disk (extracted once per JVM into a temporary folder that is deleted at exit), for
     * code that takes a backbone folder ({@code backbone.dir}).
     */
    public static synchronized Path dir() {
        if (extracted == null) {
            try {
                Path dir = Files.createTempDirectory("bioprompt-tiny-biomedclip-");
                dir.toFile().deleteOnExit();
                for (String file : FILES) {
                    try (InputStream in = TinyBiomedClip.class.getResourceAsStream(RESOURCE_DIR + file)) {
                        if (in == null) {
                            throw new IOException("missing class-path resource " + RESOURCE_DIR + file
                                    + " (bioprompt-testkit jar)");
                        }
                        Path target = dir.resolve(file);
                        Files.copy(in, target);
                        target.toFile().deleteOnExit();
                    }
                }
                extracted = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return extracted;
    }
}
