package dev.bioprompt.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationsTest {

    static BufferedImage gradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 255 / Math.max(1, w - 1)) << 16 | (y * 255 / Math.max(1, h - 1)) << 8 | 77);
            }
        }
        return image;
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void randomResizedCropBoxesRespectScaleAndRatioAndAreSeeded() {
        RandomResizedCrop crop = new RandomResizedCrop(224);
        for (int s = 0; s < 500; s++) {
            RandomResizedCrop.Box box = crop.box(300, 200, new SplittableRandom(s));
            assertThat(box.width()).isBetween(1, 300);
            assertThat(box.height()).isBetween(1, 200);
            assertThat(box.top() + box.height()).isLessThanOrEqualTo(200);
            assertThat(box.left() + box.width()).isLessThanOrEqualTo(300);
            double area = (double) box.width() * box.height() / (300 * 200);
            assertThat(area).isBetween(0.07, 1.0);
            double ratio = (double) box.width() / box.height();
            assertThat(ratio).isBetween(0.7, 1.45);
            assertThat(crop.box(300, 200, new SplittableRandom(s))).isEqualTo(box);
        }
        BufferedImage out = crop.apply(gradient(300, 200), new SplittableRandom(1));
        assertThat(out.getWidth()).isEqualTo(224);
        assertThat(out.getHeight()).isEqualTo(224);
    }

    @Test
    void randomResizedCropFallsBackToTheCentralCropAfterTenTries() {
        RandomResizedCrop.Box box = new RandomResizedCrop(32).box(1000, 10, new SplittableRandom(3));
        assertThat(box).isEqualTo(new RandomResizedCrop.Box(0, 493, 10, 13));
        RandomResizedCrop.Box square = new RandomResizedCrop(32, 2.0, 2.0, 1.0, 1.0).box(50, 40, new SplittableRandom(3));
        assertThat(square).isEqualTo(new RandomResizedCrop.Box(0, 5, 40, 40));
    }

    @Test
    void bicubicKeepsConstantsAndIsIdentityAtScaleOne() {
        BufferedImage g = gradient(17, 9);
        assertThat(pixels(Bicubic.resize(g, 17, 9))).isEqualTo(pixels(g));
        BufferedImage flat = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                flat.setRGB(x, y, 0x405060);
            }
        }
        for (int p : pixels(Bicubic.resize(flat, 13, 57))) {
            assertThat(p & 0xffffff).isEqualTo(0x405060);
        }
        assertThat(Bicubic.cubic(0)).isEqualTo(1.0);
        assertThat(Bicubic.cubic(1)).isEqualTo(0.0);
        assertThat(Bicubic.cubic(0.5)).isEqualTo(0.5625);
    }

    @Test
    void bicubicDownscaleAntialiasesACheckerboard() {
        BufferedImage board = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                board.setRGB(x, y, ((x + y) % 2 == 0) ? 0xffffff : 0);
            }
        }
        for (int p : pixels(Bicubic.resize(board, 8, 8))) {
            assertThat(p & 0xff).isBetween(112, 143);
        }
    }

    @Test
    void testTransformResizesShorterSideThenCentreCrops() {
        BufferedImage wide = gradient(8, 4);
        BufferedImage out = new ResizeCenterCrop(4).apply(wide, new SplittableRandom(0));
        assertThat(out.getWidth()).isEqualTo(4);
        for (int x = 0; x < 4; x++) {
            assertThat(out.getRGB(x, 1)).isEqualTo(wide.getRGB(x + 2, 1));
        }
        BufferedImage tall = new ResizeCenterCrop(224).apply(gradient(50, 100), new SplittableRandom(0));
        assertThat(tall.getWidth()).isEqualTo(224);
        assertThat(tall.getHeight()).isEqualTo(224);
    }

    @Test
    void flipMirrorsExactly() {
        BufferedImage g = gradient(5, 3);
        BufferedImage f = HorizontalFlip.flip(g);
        assertThat(f.getRGB(0, 2)).isEqualTo(g.getRGB(4, 2));
        assertThat(new HorizontalFlip(0).apply(g, new SplittableRandom(1))).isSameAs(g);
        assertThat(pixels(new HorizontalFlip(1).apply(g, new SplittableRandom(1)))).isEqualTo(pixels(f));
    }

    @Test
    void colourJitterIsSeededAndKeepsGreyImagesGrey() {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = 10 * x + y;
                grey.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1);
        for (int s = 0; s < 20; s++) {
            for (int p : pixels(jitter.apply(grey, new SplittableRandom(s)))) {
                assertThat((p >>> 16) & 0xff).isEqualTo(p & 0xff);
                assertThat((p >>> 8) & 0xff).isEqualTo(p & 0xff);
            }
        }
        BufferedImage colour = gradient(16, 16);
        assertThat(pixels(jitter.apply(colour, new SplittableRandom(9))))
                .isEqualTo(pixels(jitter.apply(colour, new SplittableRandom(9))))
                .isNotEqualTo(pixels(colour));
        assertThat(pixels(new ColorJitter(0, 0, 0, 0).apply(colour, new SplittableRandom(9)))).isEqualTo(pixels(colour));
        assertThatThrownBy(() -> new ColorJitter(0, 0, 0, 0.7)).hasMessageContaining("hue <= 0.5");
    }

    @Test
    void gaussianBlurSpreadsAnImpulseSymmetrically() {
        BufferedImage impulse = new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB);
        impulse.setRGB(2, 2, 0xffffff);
        BufferedImage out = new GaussianBlur(3).blur(impulse, 1.0);
        int centre = out.getRGB(2, 2) & 0xff;
        int side = out.getRGB(1, 2) & 0xff;
        int corner = out.getRGB(1, 1) & 0xff;
        // 1-D weights for sigma 1: [0.2741, 0.4519, 0.2741]
        assertThat(centre).isEqualTo((int) Math.rint(255 * 0.4519 * 0.4519));
        assertThat(side).isEqualTo(out.getRGB(3, 2) & 0xff).isEqualTo(out.getRGB(2, 1) & 0xff);
        assertThat(corner).isEqualTo((int) Math.rint(255 * 0.2741 * 0.2741));
        assertThat(out.getRGB(0, 2) & 0xff).isZero();
    }

    @Test
    void strongViewIsReproduciblePerSeed() {
        BufferedImage g = gradient(32, 32);
        ImageTransform strong = Augmentations.strongView();
        assertThat(pixels(strong.apply(g, new SplittableRandom(4)))).isEqualTo(pixels(strong.apply(g, new SplittableRandom(4))));
        assertThat(Augmentations.test(16).apply(g, new SplittableRandom(0)).getWidth()).isEqualTo(16);
    }
}
