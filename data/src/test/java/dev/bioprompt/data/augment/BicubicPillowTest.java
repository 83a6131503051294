package dev.bioprompt.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Compares with outputs of Pillow's {@code Image.resize(..., BICUBIC)} stored in the test resources. */
class BicubicPillowTest {

    private static BufferedImage image(String name) throws IOException {
        try (InputStream in = BicubicPillowTest.class.getResourceAsStream("/pillow/" + name)) {
            return ImageIO.read(in);
        }
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs(((p >>> shift) & 0xff) - ((q >>> shift) & 0xff)));
                }
            }
        }
        return max;
    }

    @Test
    void matchesPillowDownAndUpAndBoxResize() throws IOException {
        BufferedImage source = image("source.png");
        assertThat(maxDifference(Bicubic.resize(source, 16, 16), image("resize_16x16.png"))).isZero();
        assertThat(maxDifference(Bicubic.resize(source, 50, 30), image("resize_50x30.png"))).isZero();
        assertThat(maxDifference(Bicubic.resize(source, 5, 3, 25, 17, 20, 20), image("box_5_3_25x17_to_20.png")))
                .isZero();
    }

    @Test
    void testTransformMatchesPillowResizeThenCentreCrop() throws IOException {
        BufferedImage out = new ResizeCenterCrop(16).apply(image("source.png"), new SplittableRandom(0));
        assertThat(maxDifference(out, image("test_transform_16.png"))).isZero();
    }
}
