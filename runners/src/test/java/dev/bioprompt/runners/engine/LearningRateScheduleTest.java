package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private final LearningRateSchedule reference = new LearningRateSchedule(0.0025, 100, 1, 1e-5);

    @Test
    void reproducesTheReferenceTrace() {
        assertThat(reference.rateAt(0)).isEqualTo(1e-5);
        assertThat(reference.rateAt(1)).isEqualTo(0.0025);
        assertThat(reference.rateAt(2)).isCloseTo(0.0025 * (1 + Math.cos(Math.PI / 100)) / 2, within(1e-15));
        assertThat(reference.rateAt(2)).isCloseTo(0.0024994, within(1e-7));
        assertThat(reference.rateAt(99)).isCloseTo(0.0025 * (1 + Math.cos(0.98 * Math.PI)) / 2, within(1e-15));
        assertThat(reference.rateAt(99)).isCloseTo(2.47e-6, within(0.01e-6));
    }

    @Test
    void decreasesAfterWarmupAndNeverReachesZero() {
        for (int e = 2; e < 100; e++) {
            assertThat(reference.rateAt(e)).as("epoch %d", e).isLessThan(reference.rateAt(e - 1)).isPositive();
        }
    }

    @Test
    void longerWarmupRestartsTheCosineAfterIt() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.002, 50, 3, 1e-5);
        assertThat(schedule.rateAt(0)).isEqualTo(1e-5);
        assertThat(schedule.rateAt(2)).isEqualTo(1e-5);
        assertThat(schedule.rateAt(3)).isEqualTo(0.002);
        assertThat(schedule.rateAt(4)).isCloseTo(0.001 * (1 + Math.cos(Math.PI / 50)), within(1e-15));
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new LearningRateSchedule(0.1, 0, 1, 1e-5)).hasMessageContaining("maxEpochs=0");
        assertThatThrownBy(() -> reference.rateAt(-1)).hasMessageContaining("-1");
    }

    @Test
    void perIterationCosineIsPeriodicAsClipAdaptersReference() {
        // CLIP-Adapter: one warm-up iteration at 1e-5, then 0.005 (1 + cos(pi (n - 1) / 20)), continued past T_max
        LearningRateSchedule clipAdapter = new LearningRateSchedule(0.01, 20, 1, 1e-5, 20);
        assertThat(clipAdapter.perIteration()).isTrue();
        assertThat(clipAdapter.rateAt(0, 0, 3)).isEqualTo(1e-5);
        assertThat(clipAdapter.rateAt(0, 1, 3)).isCloseTo(0.01, within(1e-15));
        assertThat(clipAdapter.rateAt(0, 2, 3)).isCloseTo(0.009938, within(1e-6));
        assertThat(clipAdapter.rateAt(7, 0, 3)).as("iteration 21").isCloseTo(0, within(1e-15));
        assertThat(clipAdapter.rateAt(13, 2, 3)).as("iteration 41").isCloseTo(0.01, within(1e-15));
        assertThat(clipAdapter.rateAt(20, 1, 3)).as("iteration 61").isCloseTo(0, within(1e-15));
        // per epoch, the step inside the epoch does not matter
        assertThat(reference.rateAt(3, 0, 5)).isEqualTo(reference.rateAt(3, 4, 5)).isEqualTo(reference.rateAt(3));
    }
}
