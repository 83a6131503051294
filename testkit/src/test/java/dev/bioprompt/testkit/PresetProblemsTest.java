package dev.bioprompt.testkit;

import static dev.bioprompt.api.method.Presets.preset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.Presets;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.method.ValueRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract kit refuses presets that name undeclared parameters or values out of range. */
class PresetProblemsTest {

    private static final List<MethodParameter> DECLARED = List.of(
            MethodParameter.integer("n-ctx", 4, "context vectors").atLeast(1),
            MethodParameter.real("topk-ratio", 0.5, "share of patches").within(new ValueRange(0, false, 1, true)),
            MethodParameter.flag("csc", false, "class-specific context"));

    @Test
    void aPresetNamingAnUndeclaredParameterFailsTheContractKit() {
        PromptMethod good = method(Presets.table(preset("BTMRI", Map.of("n-ctx", 5, "topk-ratio", 0.4))));
        assertThat(MethodContractTest.presetProblems(good)).isEmpty();
        PromptMethod stale = method(Presets.table(preset("BTMRI", Map.of("rho-topk", 0.4))));
        assertThat(MethodContractTest.presetProblems(stale)).singleElement().asString()
                .contains("BTMRI").contains("rho-topk").contains("does not declare");
        PromptMethod outOfRange = method(Presets.table(preset("BUSI@base-to-novel", Map.of("n-ctx", 0))));
        assertThat(MethodContractTest.presetProblems(outOfRange)).singleElement().asString()
                .contains("BUSI@base-to-novel").contains("n-ctx");
        assertThatThrownBy(() -> Presets.table(preset("A", Map.of()), preset("A", Map.of())))
                .hasMessageContaining("'A' appears twice");
    }

    private static PromptMethod method(Map<String, Map<String, String>> presets) {
        return new PromptMethod() {
            @Override
            public String name() {
                return "m";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public List<MethodParameter> parameters() {
                return DECLARED;
            }

            @Override
            public Map<String, Map<String, String>> presets() {
                return presets;
            }

            @Override
            public TrainingDefaults trainingDefaults() {
                return new TrainingDefaults(1, 1, 0.1, 0, 0.0);
            }

            @Override
            public PromptLearner create(MethodContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
