package dev.bioprompt.api.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Overwrites the values of a learnable tensor in place, for {@link PromptLearner#importTensors}; and the matching
 * detached copies for {@link PromptLearner#exportTensors}.
 *
 * <p>Use this instead of {@code NDArray.set(float[])}: with the PyTorch engine that call makes the tensor's memory a
 * Java buffer and lets the previous one go, which breaks any view or optimiser state that still points at the old
 * memory. This copy stays inside the engine's own memory and keeps the tensor's identity and gradient flag.
 */
public final class InPlaceCopy {

    private InPlaceCopy() {
    }

    /**
     * Copies named tensors into a learner's tensors, after checking that the key sets are equal and every shape
     * matches; nothing is changed when a check fails. The usual body of {@link PromptLearner#importTensors}.
     *
     * @param targets the learner's tensors by name
     * @param tensors the tensors to import, by the same names
     * @throws IllegalArgumentException naming a missing or unexpected key, or a wrong shape with both shapes
     */
    public static void copyAll(Map<String, NDArray> targets, Map<String, NDArray> tensors) {
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
        targets.forEach((key, target) -> copy(tensors.get(key), target));
    }

    /**
     * Copies of a learner's tensors, owned by {@code manager}, in the same order: the usual body of
     * {@link PromptLearner#exportTensors}.
     */
    public static Map<String, NDArray> copiesOf(NDManager manager, Map<String, NDArray> tensors) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        tensors.forEach((key, tensor) -> {
            NDArray copy = tensor.duplicate();
            copy.attach(manager);
            copies.put(key, copy);
        });
        return copies;
    }

    /**
     * Copies {@code source} into {@code target}.
     *
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    public static void copy(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("cannot copy a tensor of shape " + source.getShape()
                    + " into one of shape " + target.getShape());
        }
        boolean learnable = target.hasGradient();
        target.setRequiresGradient(false);
        try {
            NDArray values = source.toType(DataType.FLOAT32, false).toDevice(target.getDevice(), false);
            target.set(new NDIndex("..."), values);
        } finally {
            if (learnable) {
                target.setRequiresGradient(true);
            }
        }
    }
}
