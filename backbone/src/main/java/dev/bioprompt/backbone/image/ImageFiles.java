package dev.bioprompt.backbone.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files (JPEG, PNG, TIFF, BMP, GIF: whatever an installed ImageIO reader recognises from the content)
 * into {@link BufferedImage}s without colour conversion: grey stays grey (8- or 16-bit), RGB stays RGB.
 */
public final class ImageFiles {

    static {
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {
    }

    /**
     * Reads the first image of {@code file}.
     *
     * @throws IOException naming the file when it is missing, not an image, or corrupt
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        try (InputStream in = Files.newInputStream(file); ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            if (stream == null) {
                throw new IOException(file + ": cannot open an image stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not a readable image (expected JPEG, PNG or TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
                    throw new IOException(file + ": decodes to an empty image");
                }
                return image;
            } catch (IOException | RuntimeException e) {
                if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
                    throw io;
                }
                throw new IOException(file + ": corrupt or truncated " + reader.getFormatName() + " image: "
                        + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }
}
