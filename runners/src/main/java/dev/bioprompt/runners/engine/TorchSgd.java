package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stochastic gradient descent with exactly the semantics of {@code torch.optim.SGD} (dampening 0, no Nesterov):
 *
 * <pre>
 * d   = g + weightDecay * w
 * buf = d                      (first step)
 * buf = momentum * buf + d     (later steps)
 * w  -= lr * buf
 * </pre>
 *
 * DJL's own {@code Sgd} keeps the learning rate inside the momentum buffer, which only agrees with torch while the rate
 * is constant. Updates are made in place, outside any gradient collector, and every gradient is zeroed after its
 * update (DJL's collector never zeroes gradients). A parameter without a gradient is skipped, as torch skips
 * parameters whose gradient is {@code None}. The momentum buffers can be exported and restored for checkpoints.
 */
public final class TorchSgd implements AutoCloseable {

    private final double momentum;
    private final double weightDecay;
    private final NDManager state;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /**
     * @param parent the manager under which the momentum buffers live (on the parameters' device)
     * @param momentum the momentum factor
     * @param weightDecay the L2 penalty added to the gradient
     */
    public TorchSgd(NDManager parent, double momentum, double weightDecay) {
        if (!(momentum >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("momentum and weight decay must be >= 0, were " + momentum + " and "
                    + weightDecay);
        }
        this.state = requireNonNull(parent, "parent is null").newSubManager();
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /**
     * One SGD update of every parameter that has a gradient, then its gradient is zeroed. When any gradient holds a
     * NaN or an infinity, nothing is updated (every gradient is still zeroed) and {@code false} is returned, so that
     * a non-finite gradient never reaches the parameters or the momentum buffers.
     *
     * @param parameters the learnable tensors by name, updated in place
     * @param learningRate the rate of this step
     * @return whether the update was applied
     */
    public boolean step(Map<String, NDArray> parameters, double learningRate) {
        requireNonNull(parameters, "parameters is null");
        try (NDManager scratch = state.newSubManager()) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            boolean finite = true;
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray grad;
                try {
                    grad = entry.getValue().getGradient();
                } catch (IllegalStateException noGradient) {
                    continue;
                }
                grad.attach(scratch);
                gradients.put(entry.getKey(), grad);
                finite &= isFinite(grad);
            }
            if (finite) {
                gradients.forEach((name, grad) -> update(name, parameters.get(name), grad, learningRate, scratch));
            }
            gradients.keySet().forEach(name -> GradMode.zeroGradient(parameters.get(name)));
            return finite;
        }
    }

    private void update(String name, NDArray w, NDArray grad, double learningRate, NDManager scratch) {
        NDArray d = grad;
        if (weightDecay != 0) {
            NDArray decay = ScalarOps.mul(w, weightDecay);
            decay.attach(scratch);
            d = grad.add(decay);
        }
        NDArray buf = buffers.get(name);
        if (buf == null || momentum == 0) {
            if (buf != null) {
                buf.close();
            }
            buf = d.duplicate();
            buf.attach(state);
            buffers.put(name, buf);
        } else {
            if (!buf.getShape().equals(w.getShape())) {
                throw new IllegalStateException("momentum buffer of '" + name + "' has shape " + buf.getShape()
                        + " but the parameter has shape " + w.getShape());
            }
            ScalarOps.muli(buf, momentum).addi(d);
        }
        NDArray update = ScalarOps.mul(buf, learningRate);
        update.attach(scratch);
        w.subi(update);
    }

    /**
     * Whether every value is finite: the largest magnitude is finite exactly when they all are (max propagates NaN).
     * Float reductions only; reading boolean results back corrupted native memory with DJL 0.35.1.
     */
    private static boolean isFinite(NDArray grad) {
        return grad.getShape().size() == 0 || Float.isFinite(grad.abs().max().getFloat());
    }

    /** The momentum buffers by parameter name (empty before the first step), copied into {@code manager}. */
    public Map<String, NDArray> exportState(NDManager manager) {
        Map<String, NDArray> out = new TreeMap<>();
        buffers.forEach((name, buf) -> {
            NDArray copy = buf.duplicate();
            copy.attach(manager);
            out.put(name, copy);
        });
        return Collections.unmodifiableMap(out);
    }

    /** Replaces the momentum buffers with copies of {@code saved} (as written by {@link #exportState}). */
    public void importState(Map<String, NDArray> saved) {
        requireNonNull(saved, "saved is null");
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        saved.forEach((name, array) -> {
            // a real copy: toDevice to the same device returns an alias of the saved array's memory, which ends with it
            NDArray copy = array.getDevice().equals(state.getDevice()) ? array.duplicate()
                    : array.toDevice(state.getDevice(), true);
            copy.attach(state);
            buffers.put(name, copy);
        });
    }

    @Override
    public void close() {
        buffers.clear();
        state.close();
    }
}
