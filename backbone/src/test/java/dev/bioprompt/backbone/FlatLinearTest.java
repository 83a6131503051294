package dev.bioprompt.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The flattened linear layer against DJL's own, for inputs of rank 2 to 4, with the input's gradient. */
class FlatLinearTest {

    @Test
    void matchesTheLinearLayerAtEveryRankWithItsGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.randomNormal(new Shape(5, 8));
            NDArray bias = manager.randomNormal(new Shape(5));
            for (Shape shape : new Shape[] {new Shape(3, 8), new Shape(2, 3, 8), new Shape(2, 2, 3, 8)}) {
                NDArray x = manager.randomNormal(shape);
                NDArray flat = FlatLinear.apply(x, weight, bias);
                assertThat(flat.getShape()).isEqualTo(shape.slice(0, shape.dimension() - 1).add(5));
                assertThat(flat.sub(Linear.linear(x, weight, bias).singletonOrThrow()).abs().max().getFloat())
                        .isLessThan(1e-5f);
                NDArray flatGradient = gradient(x, input -> FlatLinear.apply(input, weight, bias));
                NDArray plainGradient = gradient(x, input -> Linear.linear(input, weight, bias).singletonOrThrow());
                assertThat(flatGradient.getShape()).isEqualTo(shape);
                assertThat(flatGradient.sub(plainGradient).abs().max().getFloat()).isLessThan(1e-4f);
            }
            NDArray x = manager.randomNormal(new Shape(2, 3, 8));
            assertThat(FlatLinear.apply(x, weight, null).sub(x.matMul(weight.transpose())).abs().max().getFloat())
                    .isLessThan(1e-5f);
        }
    }

    /** The gradient of a fixed weighting of {@code f(x)} with respect to {@code x}. */
    private static NDArray gradient(NDArray x, UnaryOperator<NDArray> f) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = f.apply(input);
            collector.backward(out.mul(out).sum());
        }
        return input.getGradient().duplicate();
    }
}
