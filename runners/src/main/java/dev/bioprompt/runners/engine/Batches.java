package dev.bioprompt.runners.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Splits a training set into the batches of one epoch the way the reference (Dassl) loader does: a fresh random
 * permutation every epoch, and {@code drop_last} only when the set holds at least one full batch. So there are
 * {@code floor(n / B)} batches of exactly B images when {@code n >= B}, and a single batch of all {@code n} images
 * otherwise.
 */
public final class Batches {

    private Batches() {
    }

    /** Whether the incomplete last batch is dropped: true iff {@code size >= batchSize}. */
    public static boolean dropLast(int size, int batchSize) {
        check(size, batchSize);
        return size >= batchSize;
    }

    /** Iterations per epoch: {@code floor(size / batchSize)}, or 1 when {@code size < batchSize}. */
    public static int perEpoch(int size, int batchSize) {
        check(size, batchSize);
        return dropLast(size, batchSize) ? size / batchSize : 1;
    }

    /**
     * The batches of one epoch, as indices into the training set.
     *
     * @param size the training set size
     * @param batchSize B
     * @param seed the run seed
     * @param epoch the 0-based epoch; each epoch has its own permutation, derived from the run seed alone
     */
    public static List<int[]> ofEpoch(int size, int batchSize, long seed, int epoch) {
        check(size, batchSize);
        int[] order = permutation(size, new Random(Seeds.derive(seed, Seeds.SHUFFLE, epoch)));
        int count = perEpoch(size, batchSize);
        int length = Math.min(size, batchSize);
        List<int[]> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            batches.add(Arrays.copyOfRange(order, b * length, b * length + length));
        }
        return List.copyOf(batches);
    }

    /**
     * The batches of one epoch when every image is used ({@code drop_last=False}): {@code ceil(size / batchSize)}
     * batches, the last one possibly smaller, from the same per-epoch permutation as {@link #ofEpoch}.
     */
    public static List<int[]> ofEpochKeepingLast(int size, int batchSize, long seed, int epoch) {
        check(size, batchSize);
        int[] order = permutation(size, new Random(Seeds.derive(seed, Seeds.SHUFFLE, epoch)));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < size; from += batchSize) {
            batches.add(Arrays.copyOfRange(order, from, Math.min(size, from + batchSize)));
        }
        return List.copyOf(batches);
    }

    /** Iterations per epoch under the engine settings' batching rule. */
    public static int perEpoch(int size, int batchSize, boolean keepLast) {
        return keepLast ? (size + batchSize - 1) / Math.max(1, batchSize) : perEpoch(size, batchSize);
    }

    /** The batches of one epoch under the engine settings' batching rule. */
    public static List<int[]> ofEpoch(int size, int batchSize, long seed, int epoch, boolean keepLast) {
        return keepLast ? ofEpochKeepingLast(size, batchSize, seed, epoch) : ofEpoch(size, batchSize, seed, epoch);
    }

    private static int[] permutation(int size, Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void check(int size, int batchSize) {
        if (size <= 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
    }
}
