package dev.bioprompt.runners.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.promptset.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts between engine arrays and the portable float32 {@link Tensor}. */
public final class NdTensors {

    private NdTensors() {
    }

    /** Copies an array (any device, any numeric type) into a float32 tensor. */
    public static Tensor toTensor(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return new Tensor(array.getShape().getShape(), array.toFloatArray());
        }
        try (NDArray widened = array.toType(DataType.FLOAT32, true)) {
            return new Tensor(array.getShape().getShape(), widened.toFloatArray());
        }
    }

    /** Copies every array into a float32 tensor, keeping the key order. */
    public static Map<String, Tensor> toTensors(Map<String, NDArray> arrays) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        arrays.forEach((name, array) -> out.put(name, toTensor(array)));
        return out;
    }

    /** A float32 array owned by {@code manager} on its device, in the engine's own memory ({@link OwnedArrays}). */
    public static NDArray toArray(NDManager manager, Tensor tensor) {
        return OwnedArrays.of(manager, tensor.data(), new Shape(tensor.shape()));
    }

    /** Creates float32 arrays owned by {@code manager}, keeping the key order. */
    public static Map<String, NDArray> toArrays(NDManager manager, Map<String, Tensor> tensors) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> out.put(name, toArray(manager, tensor)));
        return out;
    }
}
