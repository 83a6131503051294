package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Frozen evaluation image features, computed once per (feature state, image set) and reused by every classifier that
 * shares that state.
 *
 * <p>The feature state key names what {@code Classifier.encodeImages} depends on: by the classifier contract that is
 * only the learner's visual prompts, so every classifier of one trained learner (base, novel, target datasets) shares
 * a key. A cache holds at most {@code maxBytes}; sets that would exceed it are evaluated without caching.
 */
public final class FeatureCache implements AutoCloseable {

    private final NDManager manager;
    private final long maxBytes;
    private final Map<String, NDArray> features = new HashMap<>();
    private long bytes;

    /**
     * @param parent the manager under which cached features live
     * @param maxBytes the most bytes of features kept
     */
    public FeatureCache(NDManager parent, long maxBytes) {
        this.manager = requireNonNull(parent, "parent is null").newSubManager();
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The cached features of a set under a state key. */
    public Optional<NDArray> get(String stateKey, EvaluationImages images) {
        return Optional.ofNullable(features.get(key(stateKey, images)));
    }

    /** Whether features of this many bytes still fit. */
    public boolean fits(long featureBytes) {
        return bytes + featureBytes <= maxBytes;
    }

    /**
     * Keeps features (taking them over into the cache's manager) if they fit.
     *
     * @return whether they were cached
     */
    public boolean put(String stateKey, EvaluationImages images, NDArray setFeatures) {
        long size = setFeatures.getShape().size() * setFeatures.getDataType().getNumOfBytes();
        if (!fits(size)) {
            return false;
        }
        setFeatures.attach(manager);
        NDArray previous = features.put(key(stateKey, images), setFeatures);
        if (previous != null) {
            bytes -= previous.getShape().size() * previous.getDataType().getNumOfBytes();
            previous.close();
        }
        bytes += size;
        return true;
    }

    /** Bytes of features held. */
    public long bytes() {
        return bytes;
    }

    /** Drops every cached feature. */
    public void clear() {
        features.values().forEach(NDArray::close);
        features.clear();
        bytes = 0;
    }

    @Override
    public void close() {
        clear();
        manager.close();
    }

    private static String key(String stateKey, EvaluationImages images) {
        return requireNonNull(stateKey, "stateKey is null") + '\u0000' + images.name() + '\u0000' + images.size();
    }
}
