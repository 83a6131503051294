package dev.bioprompt.methods.toolkit;

import dev.bioprompt.api.method.InPlaceCopy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checked in-place restore of learnable tensors. */
public final class TensorImport {

    private TensorImport() {
    }

    /**
     * Copies {@code tensors} into {@code targets} in place, after checking that the key sets are equal and every
     * shape matches. Nothing is changed when a check fails.
     *
     * @throws IllegalArgumentException naming a missing or unexpected key, or a wrong shape with both shapes
     */
    public static void copyInto(Map<String, NDArray> targets, Map<String, NDArray> tensors) {
        for (Map.Entry<String, NDArray> target : targets.entrySet()) {
            NDArray source = tensors.get(target.getKey());
            if (source == null) {
                throw new IllegalArgumentException("prompt tensors lack '" + target.getKey() + "'; expected keys "
                        + new TreeSet<>(targets.keySet()));
            }
            if (!source.getShape().equals(target.getValue().getShape())) {
                throw new IllegalArgumentException("prompt tensor '" + target.getKey() + "' has shape "
                        + source.getShape() + ", expected " + target.getValue().getShape());
            }
        }
        Set<String> unexpected = new TreeSet<>(tensors.keySet());
        unexpected.removeAll(targets.keySet());
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("unexpected prompt tensors " + unexpected + "; expected keys "
                    + new TreeSet<>(targets.keySet()));
        }
        targets.forEach((key, target) -> InPlaceCopy.copy(tensors.get(key), target));
    }
}
