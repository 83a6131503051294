package dev.bioprompt.runners.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.task.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layers of {@link TrainingCellExecutor#methodParameters}, which the method step benchmark reuses. */
class MethodParameterResolutionTest {

    /** Four parameters, each set by a later layer than the one before. */
    private static final class LayeredMethod implements PromptMethod {
        @Override
        public String name() {
            return "layered";
        }

        @Override
        public String description() {
            return "parameters set by each layer";
        }

        @Override
        public List<MethodParameter> parameters() {
            return List.of(MethodParameter.integer("dataset", 0, "set by the method's dataset preset"),
                    MethodParameter.integer("protocol", 0, "set by the method's dataset@protocol preset"),
                    MethodParameter.integer("user", 0, "set by the run"));
        }

        @Override
        public Map<String, Map<String, String>> presets() {
            return Map.of("DS", Map.of("dataset", "2", "protocol", "2", "user", "2"),
                    "DS@few-shot", Map.of("protocol", "3", "user", "3"),
                    "DS@base-to-novel", Map.of("protocol", "30"));
        }

        @Override
        public TrainingDefaults trainingDefaults() {
            return new TrainingDefaults(1, 2, 0.1, 0, 0);
        }

        @Override
        public PromptLearner create(MethodContext context) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void defaultsThenDatasetThenProtocolPresetsThenOverrides() {
        PromptMethod method = new LayeredMethod();
        MethodParameters p = TrainingCellExecutor.methodParameters(method, "DS", Protocol.FEW_SHOT,
                Map.of("user", "4"));
        assertThat(p.getInt("dataset")).isEqualTo(2);
        assertThat(p.getInt("protocol")).isEqualTo(3);
        assertThat(p.getInt("user")).isEqualTo(4);

        MethodParameters defaults = TrainingCellExecutor.methodParameters(method, "OTHER", Protocol.FEW_SHOT,
                Map.of());
        assertThat(defaults.asStrings()).containsEntry("dataset", "0")
                .containsEntry("protocol", "0").containsEntry("user", "0");
    }

    @Test
    void anUnknownOverrideIsNamed() {
        assertThatThrownBy(() -> TrainingCellExecutor.methodParameters(new LayeredMethod(), "DS", Protocol.FEW_SHOT,
                Map.of("nope", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method.layered.nope");
    }
}
