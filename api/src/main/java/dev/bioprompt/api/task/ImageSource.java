package dev.bioprompt.api.task;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where one image comes from: a file, an entry of an {@code .npz} array, or generated pixels. */
public interface ImageSource {

    /** A stable identifier: the path relative to the dataset root, or {@code file.npz#split[index]}. */
    String id();

    /**
     * Decodes the image.
     *
     * @throws IOException naming the file (or array entry) and what was wrong with it
     */
    BufferedImage load() throws IOException;
}
