package dev.bioprompt.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image decoding shared by the readers: decode a file (JPEG, PNG, TIFF, BMP) and convert to 8-bit RGB. */
public final class ImageFiles {

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageFiles() {
    }

    /**
     * Decodes an image file and converts it to {@link BufferedImage#TYPE_INT_RGB} (grey becomes three equal
     * channels, alpha is dropped, as PIL's {@code convert("RGB")} does).
     *
     * @throws IOException naming the file when it is missing, unreadable or not a supported image
     */
    public static BufferedImage readRgb(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": corrupt or unreadable image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(file + ": not a decodable image (expected JPEG, PNG, TIFF or BMP)");
        }
        return toRgb(image);
    }

    /** Converts any decoded image to 8-bit RGB without colour-space conversion of grey values. */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (grey && (bands == 1 || bands == 2)) {
            int bits = image.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits > 8 ? row[x] >>> (bits - 8) : row[x];
                    rgb.setRGB(x, y, v << 16 | v << 8 | v);
                }
            }
            return rgb;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            argb[i] &= 0xffffff;
        }
        rgb.setRGB(0, 0, w, h, argb, 0, w);
        return rgb;
    }

    /** Builds an RGB image from interleaved uint8 pixels ({@code channels} 1 or 3). */
    public static BufferedImage fromBytes(byte[] pixels, int width, int height, int channels) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < width * height; i++) {
            if (channels == 1) {
                int v = pixels[i] & 0xff;
                data[i] = v << 16 | v << 8 | v;
            } else {
                data[i] = (pixels[3 * i] & 0xff) << 16 | (pixels[3 * i + 1] & 0xff) << 8 | (pixels[3 * i + 2] & 0xff);
            }
        }
        return rgb;
    }
}
