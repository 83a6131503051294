package dev.bioprompt.data;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.ImageSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file decoded on demand.
 *
 * @param id the path relative to the dataset's image folder (as in the split file)
 * @param file the absolute file
 */
public record FileImageSource(String id, Path file) implements ImageSource {
    public FileImageSource {
        requireNonNull(id, "id is null");
        requireNonNull(file, "file is null");
    }

    @Override
    public BufferedImage load() throws IOException {
        return ImageFiles.readRgb(file);
    }
}
