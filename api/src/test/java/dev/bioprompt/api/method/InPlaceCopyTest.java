package dev.bioprompt.api.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InPlaceCopyTest {

    @Test
    void copiesAreDetachedOwnedByTheGivenManagerAndInOrder() {
        try (NDManager learner = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("z", learner.create(new float[] {1, 2}));
            tensors.put("a", learner.create(new float[] {3}));
            Map<String, NDArray> copies;
            try (NDManager export = learner.newSubManager()) {
                copies = InPlaceCopy.copiesOf(export, tensors);
                assertThat(copies.keySet()).containsExactly("z", "a");
                assertThat(copies.get("z").getManager()).isSameAs(export);
                tensors.get("z").addi(tensors.get("z"));
                assertThat(copies.get("z").toFloatArray()).containsExactly(1, 2);
            }
            assertThat(copies.get("z").isReleased()).as("closed with the export manager").isTrue();
            assertThat(tensors.get("z").toFloatArray()).containsExactly(2, 4);
        }
    }

    @Test
    void importKeepsTheTensorAndItsGradientFlag() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ctx = m.zeros(new Shape(2));
            ctx.setRequiresGradient(true);
            InPlaceCopy.copyAll(Map.of("ctx", ctx), Map.of("ctx", m.create(new float[] {5, 6})));
            assertThat(ctx.toFloatArray()).containsExactly(5, 6);
            assertThat(ctx.hasGradient()).isTrue();
        }
    }

    @Test
    void importRefusesMissingUnexpectedAndMisshapenTensorsAndChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ctx = m.zeros(new Shape(2));
            Map<String, NDArray> targets = Map.of("ctx", ctx);
            assertThatThrownBy(() -> InPlaceCopy.copyAll(targets, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lack 'ctx'");
            assertThatThrownBy(() -> InPlaceCopy.copyAll(targets, Map.of("ctx", m.ones(new Shape(2)),
                    "bank", m.ones(new Shape(1))))).hasMessageContaining("unexpected prompt tensors [bank]");
            assertThatThrownBy(() -> InPlaceCopy.copyAll(targets, Map.of("ctx", m.ones(new Shape(3)))))
                    .hasMessageContaining("has shape (3), expected (2)");
            assertThat(ctx.toFloatArray()).containsExactly(0, 0);
        }
    }
}
