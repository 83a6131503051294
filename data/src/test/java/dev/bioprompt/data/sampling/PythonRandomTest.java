package dev.bioprompt.data.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Expected values were produced by CPython 3.11 {@code random.Random}. */
class PythonRandomTest {

    @Test
    void getrandbitsMatchesCPythonForSmallAndLargeSeeds() {
        PythonRandom r = new PythonRandom(1);
        assertThat(List.of(r.getrandbits(32), r.getrandbits(32), r.getrandbits(32))).containsExactly(
                BigInteger.valueOf(577090037L), BigInteger.valueOf(2444712010L), BigInteger.valueOf(3639700191L));
        PythonRandom big = new PythonRandom((1L << 40) + 5);
        assertThat(big.nextUInt32()).isEqualTo(2166296868L);
        assertThat(big.nextUInt32()).isEqualTo(2220160828L);
    }

    @Test
    void negativeSeedUsesAbsoluteValueAndWideGetrandbitsIsLittleEndian() {
        assertThat(new PythonRandom(-7).getrandbits(70)).isEqualTo(new BigInteger("183505726384713937976"));
    }

    @Test
    void randbelowAndRandomMatchCPython() {
        PythonRandom r = new PythonRandom(3);
        int[] draws = IntStream.range(0, 10).map(i -> r.randbelow(10)).toArray();
        assertThat(draws).containsExactly(3, 9, 8, 2, 5, 9, 7, 9, 1, 9);
        assertThat(new PythonRandom(0).random()).isEqualTo(0.8444218515250481);
    }

    @Test
    void sampleUsesSetBranchForLargePopulationsAndPoolBranchForSmallOnes() {
        assertThat(new PythonRandom(42).sample(range(100), 10)).containsExactly(81, 14, 3, 94, 35, 31, 28, 17, 13, 86);
        assertThat(new PythonRandom(42).sample(range(30), 10)).containsExactly(20, 3, 0, 23, 8, 7, 24, 4, 28, 17);
    }

    @Test
    void sampleLargerThanPopulationFails() {
        assertThatThrownBy(() -> new PythonRandom(1).sample(range(3), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k=4, n=3");
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
