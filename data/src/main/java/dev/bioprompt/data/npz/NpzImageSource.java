package dev.bioprompt.data.npz;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.ImageSource;
import dev.bioprompt.data.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * One image of a MedMNIST+ images array ({@code [N,H,W]} grey or {@code [N,H,W,3]} RGB, uint8). The array is read
 * from the archive on the first {@link #load()} of any image of the same split and then shared.
 *
 * @param id {@code file.npz#split[index]}
 * @param images the shared, lazily read images array
 * @param index the row
 */
public record NpzImageSource(String id, LazyArray images, int index) implements ImageSource {
    public NpzImageSource {
        requireNonNull(id, "id is null");
        requireNonNull(images, "images is null");
    }

    @Override
    public BufferedImage load() throws IOException {
        NpyArray array = images.get();
        long[] shape = array.shape();
        int h = (int) shape[1];
        int w = (int) shape[2];
        int c = shape.length == 4 ? (int) shape[3] : 1;
        byte[] pixels = new byte[h * w * c];
        array.copyBytes((long) index * pixels.length, pixels, 0, pixels.length);
        return ImageFiles.fromBytes(pixels, w, h, c);
    }
}
