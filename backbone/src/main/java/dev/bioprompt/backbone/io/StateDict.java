package dev.bioprompt.backbone.io;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The tensors of a checkpoint in file order, by key.
 *
 * @param source the file they were read from (named in error messages)
 * @param tensors the tensors by key, in file order
 */
public record StateDict(Path source, Map<String, StateTensor> tensors) {
    public StateDict {
        requireNonNull(source, "source is null");
        requireNonNull(tensors, "tensors is null");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * The tensor stored under {@code key}.
     *
     * @throws NoSuchElementException naming the key and the file when it is missing
     */
    public StateTensor get(String key) {
        StateTensor t = tensors.get(key);
        if (t == null) {
            throw new NoSuchElementException("checkpoint " + source + " has no tensor '" + key + "' (" + tensors.size()
                    + " keys present)");
        }
        return t;
    }

    /** The tensor stored under {@code key}, if any. */
    public Optional<StateTensor> find(String key) {
        return Optional.ofNullable(tensors.get(key));
    }

    /** True when the checkpoint holds {@code key}. */
    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /** The keys in file order. */
    public Set<String> keys() {
        return tensors.keySet();
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }
}
