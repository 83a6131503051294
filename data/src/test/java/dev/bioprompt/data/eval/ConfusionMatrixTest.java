package dev.bioprompt.data.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {

    // truth:     0 0 0 0 1 1 1 2 2 2
    // predicted: 0 0 1 2 1 1 0 2 2 1
    private static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    private static final int[] PREDICTED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1};
    private static final List<String> NAMES = List.of("glioma tumor", "meningioma tumor", "normal brain");

    @Test
    void matchesHandComputation() {
        ConfusionMatrix m = ConfusionMatrix.of(NAMES, TRUTH, PREDICTED);
        assertThat(m.counts()).isEqualTo(new long[][] {{2, 1, 1}, {1, 2, 0}, {0, 1, 2}});
        assertThat(m.accuracy()).isCloseTo(0.6, within(1e-12));
        assertThat(m.perClassAccuracy()).containsExactly(new double[] {0.5, 2.0 / 3, 2.0 / 3}, within(1e-12));
        // class 0: tp 2, actual 4, predicted 3 -> 4/7; class 1: tp 2, actual 3, predicted 4 -> 4/7;
        // class 2: tp 2, actual 3, predicted 3 -> 2/3
        assertThat(m.f1()).containsExactly(new double[] {4.0 / 7, 4.0 / 7, 2.0 / 3}, within(1e-12));
        assertThat(m.macroF1()).isCloseTo((4.0 / 7 + 4.0 / 7 + 2.0 / 3) / 3, within(1e-12));
    }

    @Test
    void macroF1IgnoresClassesAbsentFromTheTruth() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b", "c"), new int[] {0, 0, 1}, new int[] {0, 2, 1});
        // a: tp1 actual2 pred1 -> 2/3; b: 1; c absent from truth -> ignored
        assertThat(m.macroF1()).isCloseTo((2.0 / 3 + 1.0) / 2, within(1e-12));
        assertThat(m.perClassAccuracy()[2]).isNaN();
    }

    @Test
    void harmonicMeanMatchesFormula() {
        assertThat(Metrics.harmonicMean(80, 60)).isCloseTo(2 * 80 * 60 / 140.0, within(1e-12));
        assertThat(Metrics.harmonicMean(47.84, 65.42)).isCloseTo(55.27, within(0.01));
        assertThat(Metrics.harmonicMean(0, 0)).isZero();
        assertThatThrownBy(() -> Metrics.harmonicMean(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Metrics.argmax(new float[][] {{0.1f, 0.7f, 0.2f}, {3, 3, 1}})).containsExactly(1, 0);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> ConfusionMatrix.of(NAMES, new int[] {0}, new int[] {}))
                .hasMessageContaining("truth has 1 labels but predicted has 0");
        assertThatThrownBy(() -> ConfusionMatrix.of(NAMES, new int[] {3}, new int[] {0}))
                .hasMessageContaining("outside 0..2");
    }

    @Test
    void rendersPngWithCellsShadedByRowShare(@TempDir Path dir) throws Exception {
        ConfusionMatrix m = ConfusionMatrix.of(NAMES, TRUTH, PREDICTED);
        Path png = dir.resolve("plots/confusion.png");
        ConfusionMatrixPlot.write(m, "BTMRI test", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(3 * 56);
        assertThat(image.getHeight()).isGreaterThan(3 * 56);
        try (var files = Files.list(png.getParent())) {
            assertThat(files.toList()).containsExactly(png);
        }
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
    }
}
