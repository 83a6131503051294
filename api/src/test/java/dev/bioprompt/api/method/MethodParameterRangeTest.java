package dev.bioprompt.api.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodParameterRangeTest {

    private static final List<MethodParameter> DECLARED = List.of(
            MethodParameter.integer("n-ctx", 4, "context vectors").atLeast(1),
            MethodParameter.real("topk-ratio", 0.5, "share of patches").within(new ValueRange(0, false, 1, true)),
            MethodParameter.flag("csc", false, "class-specific context"));

    @Test
    void rangesAreCheckedWhenValuesResolveAndNameTheKey() {
        assertThatThrownBy(() -> MethodParameters.resolve("m", DECLARED, List.of(Map.of("n-ctx", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n-ctx").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> MethodParameters.resolve("m", DECLARED, List.of(Map.of("topk-ratio", "0"))))
                .hasMessageContaining("topk-ratio").hasMessageContaining("in (0, 1]");
        assertThatThrownBy(() -> MethodParameters.resolve("m", DECLARED, List.of(Map.of("topk-ratio", "NaN"))))
                .hasMessageContaining("topk-ratio");
        assertThat(MethodParameters.resolve("m", DECLARED, List.of(Map.of("topk-ratio", "1"))).getDouble("topk-ratio"))
                .isEqualTo(1.0);
        assertThatThrownBy(() -> MethodParameter.integer("n", 0, "d").atLeast(1))
                .as("a default outside its own range").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWronglyTypedValueNamesItsKeyInsteadOfAClassCastException() {
        MethodParameters p = MethodParameters.of(Map.of("n-ctx", "four", "csc", 1));
        assertThatThrownBy(() -> p.getInt("n-ctx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n-ctx").hasMessageContaining("an integer");
        assertThatThrownBy(() -> p.getBoolean("csc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("csc");
    }

}
