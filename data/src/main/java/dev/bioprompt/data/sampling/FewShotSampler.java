package dev.bioprompt.data.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference-compatible few-shot sampling (Dassl {@code generate_fewshot_dataset} after {@code random.seed(seed)}).
 *
 * <p>Items are grouped by label, groups in order of the label's first appearance and items in input order; from
 * each group in turn {@code random.sample(items, K)} draws K items. A group with fewer than K items is taken whole
 * (no random draw), with a warning, as the reference does. The validation set is drawn after the training set from
 * the same generator with {@code min(K, 4)} per class.
 */
public final class FewShotSampler {

    private static final Logger LOG = LoggerFactory.getLogger(FewShotSampler.class);

    private FewShotSampler() {
    }

    /**
     * The few-shot train and val lists for one (K, seed), as the reference draws them.
     *
     * @param train the full train split in file order
     * @param val the full val split in file order
     * @param label the label of an item
     * @param shots K
     * @param seed the run seed
     */
    public static <T> FewShotDraw<T> draw(List<T> train, List<T> val, ToIntFunction<T> label, int shots, long seed) {
        if (shots <= 0) {
            throw new IllegalArgumentException("shots must be positive, was " + shots);
        }
        PythonRandom random = new PythonRandom(seed);
        List<String> warnings = new ArrayList<>();
        List<T> trainDraw = sampleByLabel(train, label, shots, random, "train", warnings);
        List<T> valDraw = sampleByLabel(val, label, Math.min(shots, 4), random, "val", warnings);
        return new FewShotDraw<>(trainDraw, valDraw, warnings);
    }

    /**
     * Draws K items per label group from one list with the given generator.
     *
     * @param what names the list in warnings
     * @param warnings receives one line per group smaller than K
     */
    public static <T> List<T> sampleByLabel(List<T> items, ToIntFunction<T> label, int shots, PythonRandom random,
                                            String what, List<String> warnings) {
        Map<Integer, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            groups.computeIfAbsent(label.applyAsInt(item), k -> new ArrayList<>()).add(item);
        }
        List<T> out = new ArrayList<>();
        for (Map.Entry<Integer, List<T>> group : groups.entrySet()) {
            List<T> members = group.getValue();
            if (members.size() >= shots) {
                out.addAll(random.sample(members, shots));
            } else {
                String warning = what + ": label " + group.getKey() + " has only " + members.size()
                        + " items, fewer than K=" + shots + "; taking all of them";
                LOG.warn(warning);
                warnings.add(warning);
                out.addAll(members);
            }
        }
        return out;
    }
}
