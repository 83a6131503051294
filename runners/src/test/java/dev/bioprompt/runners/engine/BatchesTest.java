package dev.bioprompt.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void smallSetGivesOneBatchOfEverything() {
        // BUSI 1-shot: 3 images, batch 4 -> one batch of 3
        List<int[]> batches = Batches.ofEpoch(3, 4, 1, 0);
        assertThat(Batches.dropLast(3, 4)).isFalse();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void largerSetDropsTheIncompleteBatch() {
        // BUSI 2-shot: 6 images, batch 4 -> one batch of 4, two images dropped
        List<int[]> batches = Batches.ofEpoch(6, 4, 1, 0);
        assertThat(Batches.dropLast(6, 4)).isTrue();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(4);
        assertThat(Batches.perEpoch(64, 32)).isEqualTo(2);
        assertThat(Batches.perEpoch(63, 32)).isEqualTo(1);
        assertThat(Batches.perEpoch(4, 4)).isEqualTo(1);
    }

    @Test
    void everyEpochIsAPermutationWithoutRepeats() {
        List<int[]> batches = Batches.ofEpoch(10, 3, 7, 5);
        assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(3));
        Set<Integer> seen = new HashSet<>();
        batches.forEach(b -> Arrays.stream(b).forEach(seen::add));
        assertThat(seen).hasSize(9).allSatisfy(i -> assertThat(i).isBetween(0, 9));
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        int[] a = flat(Batches.ofEpoch(40, 4, 1, 3));
        assertThat(flat(Batches.ofEpoch(40, 4, 1, 3))).isEqualTo(a);
        assertThat(flat(Batches.ofEpoch(40, 4, 1, 4))).isNotEqualTo(a);
        assertThat(flat(Batches.ofEpoch(40, 4, 2, 3))).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(IntStream.range(0, 40).toArray());
    }

    @Test
    void rejectsEmptySets() {
        assertThatThrownBy(() -> Batches.ofEpoch(0, 4, 1, 0)).hasMessageContaining("empty");
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void keepingTheLastBatchUsesEveryImage() {
        List<int[]> batches = Batches.ofEpoch(10, 4, 3, 0, true);
        assertThat(batches).extracting(b -> b.length).containsExactly(4, 4, 2);
        assertThat(batches.stream().flatMapToInt(Arrays::stream).sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Batches.perEpoch(10, 4, true)).isEqualTo(3);
        assertThat(Batches.perEpoch(10, 32, true)).isEqualTo(1);
        assertThat(batches.get(0)).as("the same permutation as the Dassl rule")
                .containsExactly(Batches.ofEpoch(10, 4, 3, 0).get(0));
    }
}
