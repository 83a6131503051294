package dev.bioprompt.methods.biomeddpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.methods.toolkit.FeatureMath;
import org.junit.jupiter.api.Test;

class LossTermsTest {

    @Test
    void l1IsTheMeanAbsoluteDifferenceOverClassesAndFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray text = m.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            NDArray means = m.create(new float[] {0.6f, 0.8f, 0, 1, 0.8f, 0.6f}, new Shape(3, 2));
            float expected = (0.4f + 0.8f + 0 + 0 + 0.2f + 0.2f) / 6;
            assertThat(FeatureMath.meanAbsoluteError(text, means).getFloat()).isCloseTo(expected, within(1e-6f));
        }
    }

    @Test
    void klIsTeacherToStudentWithTemperatureOneOverTheNumberOfLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one image, three classes: q = softmax(0, 0, ln 2) = (1/4, 1/4, 1/2), p = (1/3, 1/3, 1/3)
            NDArray teacher = m.create(new float[] {0, 0, (float) Math.log(2)}, new Shape(1, 3));
            NDArray student = m.create(new float[] {5, 5, 5}, new Shape(1, 3));
            double kl = 2 * 0.25 * Math.log(0.25 * 3) + 0.5 * Math.log(0.5 * 3);
            NDArray result = FeatureMath.klTeacherStudent(teacher, student);
            assertThat(result.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(result.getFloat()).isCloseTo((float) (kl / 3), within(1e-6f));
        }
    }
}
