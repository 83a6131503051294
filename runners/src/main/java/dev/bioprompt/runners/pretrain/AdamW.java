package dev.bioprompt.runners.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.nd.ScalarOps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, torch defaults betas 0.9/0.999, eps 1e-8) updating arrays in place, for backbone
 * pretraining. Gradients are zeroed after each step, since DJL's gradient collector never zeroes them.
 */
final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final Map<String, NDArray> params;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final float learningRate;
    private final float weightDecay;
    private int steps;

    AdamW(NDManager manager, Map<String, NDArray> params, float learningRate, float weightDecay) {
        this.params = params;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        params.forEach((k, v) -> {
            first.put(k, manager.zeros(v.getShape()));
            second.put(k, manager.zeros(v.getShape()));
        });
    }

    void step() {
        steps++;
        float c1 = 1 - (float) Math.pow(BETA1, steps);
        float c2 = 1 - (float) Math.pow(BETA2, steps);
        params.forEach((key, w) -> {
            NDArray m = first.get(key);
            NDArray v = second.get(key);
            try (NDManager scope = m.getManager().newSubManager(); NDArray g = w.getGradient()) {
                NDArray grad = scope.zeros(g.getShape()).add(g);
                ScalarOps.muli(m, BETA1).addi(ScalarOps.mul(grad, 1 - BETA1));
                ScalarOps.muli(v, BETA2).addi(ScalarOps.mul(grad.square(), 1 - BETA2));
                NDArray mHat = ScalarOps.div(grad.zerosLike().add(m), c1);
                NDArray vHat = ScalarOps.add(ScalarOps.div(grad.zerosLike().add(v), c2).sqrt(), EPS);
                NDArray update = mHat.div(vHat);
                if (weightDecay > 0 && w.getShape().dimension() > 1) {
                    ScalarOps.muli(w, 1 - learningRate * weightDecay);
                }
                w.subi(ScalarOps.mul(update, learningRate));
                g.subi(g);
            }
        });
    }
}
