package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void computesAccuracyMacroF1AndPerClassAccuracyByHand() {
        // class a: 3 images, 2 right; class b: 2 images, 1 right; class c: no images, predicted once
        int[] labels = {0, 0, 0, 1, 1};
        int[] predictions = {0, 0, 1, 1, 2};
        Metrics m = Metrics.of(List.of("a", "b", "c"), labels, predictions);
        assertThat(m.accuracy()).isCloseTo(60.0, within(1e-9));
        // F1(a) = 2*2/(2*2+0+1) = 0.8; F1(b) = 2*1/(2*1+1+1) = 0.5; c is absent from the labels, so not averaged
        assertThat(m.macroF1()).isCloseTo(65.0, within(1e-9));
        assertThat(m.perClassAccuracy()).containsOnlyKeys("a", "b");
        assertThat(m.perClassAccuracy().get("a")).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(m.perClassAccuracy().get("b")).isCloseTo(50.0, within(1e-9));
        assertThat(m.count()).isEqualTo(5);
    }

    @Test
    void harmonicMeanOfBaseAndNovel() {
        assertThat(Metrics.harmonicMean(47.84, 65.42)).isCloseTo(55.27, within(0.01));
        assertThat(Metrics.harmonicMean(0, 0)).isZero();
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThatThrownBy(() -> Metrics.of(List.of("a"), new int[] {0}, new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
