package dev.bioprompt.runners.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.data.augment.ViewTransform;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewTransformsTest {

    /** Asks for the image-space strong view, or with {@code normalised} the pixel-space one. */
    private static final class ViewsMethod implements PromptMethod {
        @Override
        public String name() {
            return "views";
        }

        @Override
        public String description() {
            return "asks for views";
        }

        @Override
        public List<MethodParameter> parameters() {
            return List.of(MethodParameter.flag("normalised", false, "strong view on normalised pixels"),
                    MethodParameter.text("extra", "", "one more view name"));
        }

        @Override
        public TrainingDefaults trainingDefaults() {
            return new TrainingDefaults(1, 2, 0.1, 0, 0);
        }

        @Override
        public Set<String> requiredViews() {
            return Set.of("strong", "weak");
        }

        @Override
        public Set<String> requiredViews(MethodParameters parameters) {
            String strong = parameters.getBoolean("normalised") ? "strong-normalised" : "strong";
            String extra = parameters.getString("extra");
            return extra.isEmpty() ? Set.of(strong, "weak") : Set.of(strong, "weak", extra);
        }

        @Override
        public PromptLearner create(MethodContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private static MethodParameters parameters(Map<String, String> values) {
        ViewsMethod method = new ViewsMethod();
        return MethodParameters.resolve(method.name(), method.parameters(), List.of(values));
    }

    @Test
    void theViewsFollowTheMethodsParameters() {
        Map<String, ViewTransform> defaults = TrainingCellExecutor.viewTransforms(new ViewsMethod(),
                parameters(Map.of()));
        assertThat(defaults.keySet()).containsExactly("strong", "weak");
        assertThat(defaults.values()).allMatch(v -> v instanceof ViewTransform.OnImage);

        Map<String, ViewTransform> released = TrainingCellExecutor.viewTransforms(new ViewsMethod(),
                parameters(Map.of("normalised", "true")));
        assertThat(released.keySet()).containsExactly("strong-normalised", "weak");
        assertThat(released.get("strong-normalised")).isInstanceOf(ViewTransform.OnPixels.class);
        assertThat(released.get("weak")).isInstanceOf(ViewTransform.OnImage.class);
    }

    @Test
    void anUnknownViewIsNamed() {
        assertThatThrownBy(() -> TrainingCellExecutor.viewTransforms(new ViewsMethod(),
                parameters(Map.of("extra", "sepia"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sepia'").hasMessageContaining("strong-normalised");
    }
}
