package dev.bioprompt.api.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Overwrites the values of a learnable tensor in place, for {@link PromptLearner#importTensors}.
 *
 * <p>Use this instead of {@code NDArray.set(float[])}: with the PyTorch engine that call makes the tensor's memory a
 * Java buffer and lets the previous one go, which breaks any view or optimiser state that still points at the old
 * memory. This copy stays inside the engine's own memory and keeps the tensor's identity and gradient flag.
 */
public final class InPlaceCopy {

    private InPlaceCopy() {
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
