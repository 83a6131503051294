package dev.bioprompt.runners.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

    /**
     * Creates a float32 array owned by {@code manager} on its device, in the engine's own memory. With the PyTorch
     * engine {@code manager.create(float[])} lends the tensor a Java buffer that lives only as long as that one array
     * object: a view or an alias of it that outlives the object (as an optimiser state restored from a checkpoint
     * did) would read memory the collector has freed. The copy here has no such tie.
     */
    public static NDArray toArray(NDManager manager, Tensor tensor) {
        try (NDArray borrowed = manager.create(tensor.data(), new Shape(tensor.shape()))) {
            return borrowed.duplicate();
        }
    }

    /** Creates float32 arrays owned by {@code manager}, keeping the key order. */
    public static Map<String, NDArray> toArrays(NDManager manager, Map<String, Tensor> tensors) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> out.put(name, toArray(manager, tensor)));
        return out;
    }
}
