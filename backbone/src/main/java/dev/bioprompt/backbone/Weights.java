package dev.bioprompt.backbone;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frozen arrays of a checkpoint, named by their checkpoint keys (for example
 * {@code visual.trunk.blocks.0.attn.qkv.weight}). Owns the manager that holds them.
 *
 * <p>Lookups check shapes: a missing key or a shape that differs from the expected one throws an error that names
 * the key and both shapes.
 */
public final class Weights implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> arrays;

    /**
     * @param manager owns every array in {@code arrays}; closed by {@link #close()}
     * @param arrays arrays by checkpoint key
     */
    public Weights(NDManager manager, Map<String, NDArray> arrays) {
        this.manager = requireNonNull(manager, "manager is null");
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(arrays, "arrays is null")));
    }

    /**
     * True for checkpoint entries that are not weights of the model and are skipped when loading: the
     * {@code text.transformer.embeddings.position_ids} buffer and any {@code text.transformer.pooler.*} weights.
     */
    public static boolean isIgnored(String key) {
        return key.equals("text.transformer.embeddings.position_ids") || key.startsWith("text.transformer.pooler.");
    }

    /** The manager that owns the arrays. */
    public NDManager manager() {
        return manager;
    }

    /** All keys, in checkpoint order. */
    public Set<String> keys() {
        return arrays.keySet();
    }

    public boolean contains(String key) {
        return arrays.containsKey(key);
    }

    /** The shape of a present key; throws naming the key when it is missing. */
    public Shape shape(String key) {
        return require(key, null).getShape();
    }

    /**
     * The array for {@code key}, checked against {@code expected}.
     *
     * @throws IllegalArgumentException when the key is missing or its shape differs
     */
    public NDArray get(String key, long... expected) {
        NDArray array = require(key, expected);
        if (!Arrays.equals(array.getShape().getShape(), expected)) {
            throw new IllegalArgumentException("checkpoint key '" + key + "' has shape " + array.getShape()
                    + " but " + new Shape(expected) + " was expected");
        }
        return array;
    }

    /** How many consecutive indices {@code prefix + i + "." + probe} exist, starting at 0. */
    public int countIndexed(String prefix, String probe) {
        Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\." + Pattern.quote(probe));
        int max = -1;
        for (String key : arrays.keySet()) {
            Matcher m = pattern.matcher(key);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        for (int i = 0; i <= max; i++) {
            require(prefix + i + "." + probe, null);
        }
        return max + 1;
    }

    /**
     * Copies of every array converted to {@code type}, except the keys {@code keep} names, in a new manager on the
     * same device; the copy owns that manager.
     */
    public Weights converted(DataType type, Predicate<String> keep) {
        NDManager copies = manager.newSubManager();
        try {
            Map<String, NDArray> out = new LinkedHashMap<>();
            arrays.forEach((key, array) -> {
                NDArray copy = keep.test(key) ? array.duplicate() : array.toType(type, true);
                copy.attach(copies);
                copy.setName(key);
                out.put(key, copy);
            });
            return new Weights(copies, out);
        } catch (RuntimeException e) {
            copies.close();
            throw e;
        }
    }

    private NDArray require(String key, long[] expected) {
        NDArray array = arrays.get(key);
        if (array == null) {
            throw new IllegalArgumentException("checkpoint key '" + key + "' is missing"
                    + (expected == null ? "" : " (expected shape " + new Shape(expected) + ")"));
        }
        return array;
    }

    @Override
    public void close() {
        manager.close();
    }
}
