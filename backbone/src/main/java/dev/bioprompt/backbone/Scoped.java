package dev.bioprompt.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * Runs a computation in a temporary manager so that its intermediate arrays are freed as soon as it returns.
 *
 * <p>The input is temporarily attached to a fresh sub-manager of its own manager, so every op dispatched on it (and
 * on what derives from it) lands there; the outputs are moved to the input's original manager and everything else
 * is closed. Autograd keeps what it needs for a later backward pass.
 */
public final class Scoped {

    private Scoped() {
    }

    /** Applies {@code f} to {@code input}; the outputs end up in the input's manager. */
    public static NDList apply(NDArray input, Function<NDArray, NDList> f) {
        NDManager owner = input.getManager();
        try (NDManager scope = owner.newSubManager()) {
            input.tempAttach(scope);
            NDList out = f.apply(input);
            out.attach(owner);
            return out;
        }
    }

    /** A broadcast copy of a (weight) array, owned by {@code manager} so that no result lands in the weights' manager. */
    public static NDArray expand(NDManager manager, NDArray array, Shape shape) {
        return manager.zeros(shape, array.getDataType(), array.getDevice()).add(array);
    }
}
