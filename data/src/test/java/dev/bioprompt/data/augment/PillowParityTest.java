package dev.bioprompt.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Compares with outputs of Pillow (resize, ImageEnhance) stored in the test resources. */
class PillowParityTest {

    private static BufferedImage image(String name) throws IOException {
        try (InputStream in = PillowParityTest.class.getResourceAsStream("/pillow/" + name)) {
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

    @Test
    void colourAdjustmentsMatchPillowImageEnhance() throws IOException {
        BufferedImage source = image("source.png");
        String[] names = {"brightness", "contrast", "saturation"};
        double[][] factors = {{0.7, 1.3}, {0.65, 1.35}, {0.6, 1.4}};
        for (int op = 0; op < 3; op++) {
            for (double f : factors[op]) {
                int[] px = source.getRGB(0, 0, 37, 23, null, 0, 37);
                ColorJitter.adjust(px, op, f);
                BufferedImage out = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
                out.setRGB(0, 0, 37, 23, px, 0, 37);
                assertThat(maxDifference(out, image(names[op] + "_" + f + ".png"))).as(names[op] + " " + f).isZero();
            }
        }
        for (double f : new double[] {0.1, -0.08}) {
            int[] hue = source.getRGB(0, 0, 37, 23, null, 0, 37);
            ColorJitter.adjust(hue, 3, f);
            BufferedImage out = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
            out.setRGB(0, 0, 37, 23, hue, 0, 37);
            assertThat(maxDifference(out, image("hue_" + f + ".png"))).as("hue " + f).isZero();
        }
        BufferedImage grey = image("grey_L.png");
        int[] px = source.getRGB(0, 0, 37, 23, null, 0, 37);
        for (int i = 0; i < px.length; i++) {
            assertThat(ColorJitter.grey(px[i])).isEqualTo(grey.getRaster().getSample(i % 37, i / 37, 0));
        }
    }
}
