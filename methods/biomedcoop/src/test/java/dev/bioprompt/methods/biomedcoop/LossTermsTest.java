package dev.bioprompt.methods.biomedcoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.methods.toolkit.FeatureMath;
import org.junit.jupiter.api.Test;

class LossTermsTest {

    @Test
    void klIsTeacherToStudentSummedAndDividedByTheNumberOfLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row 0: q = (1/2, 1/2), p = (1/4, 3/4); row 1: q = p, contributes 0
            NDArray teacher = m.create(new float[] {0, 0, 1, 2}, new Shape(2, 2));
            NDArray student = m.create(new float[] {0, (float) Math.log(3), 1, 2}, new Shape(2, 2));
            double row0 = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
            assertThat(FeatureMath.klTeacherStudent(teacher, student).getFloat())
                    .isCloseTo((float) (row0 / 4), within(1e-6f));
        }
    }

    @Test
    void sccmIsTheMeanSquaredErrorOverAllElements() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray text = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray means = m.create(new float[] {0.6f, 0.8f, 0, 1}, new Shape(2, 2));
            float expected = (0.4f * 0.4f + 0.8f * 0.8f) / 4;
            assertThat(FeatureMath.meanSquaredError(text, means).getFloat()).isCloseTo(expected, within(1e-6f));
        }
    }
}
