package dev.bioprompt.runners.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.runners.cell.CellSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsSchemaTest {

    private static final PromptMethod COOP_LIKE = new PromptMethod() {
        @Override
        public String name() {
            return "coop";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<MethodParameter> parameters() {
            return List.of(MethodParameter.integer("n-ctx", 4, "context vectors").atLeast(1),
                    MethodParameter.choice("class-token-position", "end", "where", "end", "middle", "front"));
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

    @Test
    void everyAreaIsCollectedAndEachKeyIsDeclaredOnce() {
        SettingsSchema schema = SettingsSchema.platform();
        assertThat(schema.all()).extracting(Setting::key)
                .contains("train.epochs", "data.root", "backbone.dir", "descriptions.file", "tracking.experiment",
                        "registry.s3.endpoint", "runner.kind", "cache.dir", "plugins.dir", "runs.dir",
                        "kubernetes.image", "shots", "methods", "protocol", "sweep.cell-id")
                .doesNotHaveDuplicates();
        assertThat(schema.all()).allSatisfy(s -> assertThat(s.description()).as(s.key()).isNotBlank());
        assertThat(schema.find("kubernetes.node-selector.nvidia..com/gpu")).contains(KubernetesKeys.NODE_SELECTOR);
        assertThat(SettingsValidator.problems(schema, List.of(new SettingEntry("kubernetes.node-selector", "gpu",
                "--set kubernetes.node-selector")))).singleElement().asString()
                .contains("expects entries kubernetes.node-selector.<name>=<value>");
        assertThat(schema.find("train.epoch")).isEmpty();
    }

    @Test
    void methodParametersBecomeKeysWithTheirTypeAndRange() {
        SettingsSchema schema = SettingsSchema.platform().withMethods(List.of(COOP_LIKE));
        Setting nCtx = schema.find("method.coop.n-ctx").orElseThrow();
        assertThat(nCtx.type()).isEqualTo(SettingType.INTEGER);
        assertThat(nCtx.defaultValue()).isEqualTo("4");
        assertThatThrownBy(() -> nCtx.parse("0")).hasMessageContaining(">= 1");
        assertThat(schema.find("method.coop.class-token-position").orElseThrow().choices())
                .containsExactly("end", "middle", "front");
    }

    @Test
    void theClosestKeysAreSuggested() {
        SettingsSchema schema = SettingsSchema.platform().withMethods(List.of(COOP_LIKE));
        assertThat(schema.closest("traning.epochs", 3)).first().isEqualTo("train.epochs");
        assertThat(schema.closest("train.epoch", 3)).first().isEqualTo("train.epochs");
        assertThat(schema.closest("train.batchsize", 3)).first().isEqualTo("train.batch-size");
        assertThat(schema.closest("shot", 3)).contains("shots");
        assertThat(schema.closest("method.coop.nctx", 3)).first().isEqualTo("method.coop.n-ctx");
        assertThat(SettingsSchema.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void theValidatorNamesKeySourceAndExpectation() {
        SettingsSchema schema = SettingsSchema.platform().withMethods(List.of(COOP_LIKE));
        List<String> problems = SettingsValidator.problems(schema, List.of(
                new SettingEntry("train.epochs", "3", "--set train.epochs"),
                new SettingEntry("shots", List.of("1", "0"), "exp.yaml line 3"),
                new SettingEntry("train.checkpoints", "yes", "environment variable BIOPROMPT_TRAIN_CHECKPOINTS"),
                new SettingEntry("kubernetes.env.HF_TOKEN", "x", "--set kubernetes.env.HF_TOKEN"),
                new SettingEntry("kubernetes.tolerations", List.of("a", "b"), "exp.yaml line 9"),
                new SettingEntry("protocl", "few-shot", "exp.yaml line 4")));
        assertThat(problems).containsExactly(
                "configuration key 'shots' (exp.yaml line 3) expects an integer >= 1, was '0'",
                "configuration key 'train.checkpoints' (environment variable BIOPROMPT_TRAIN_CHECKPOINTS) expects "
                        + "true or false, was 'yes'",
                "unknown configuration key 'protocl' (exp.yaml line 4); did you mean protocol, protocols?");
        assertThatThrownBy(() -> SettingsValidator.validate(schema, List.of(
                new SettingEntry("runner.kind", "slurm", "--set runner.kind"))))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("one of local, kubernetes");
    }

    @Test
    void cellSettingsReadThroughTheSchemaWithDefaults() {
        CellSettings cell = new CellSettings(Map.of("train.epochs", "3", "train.checkpoints", "false",
                "kubernetes.poll-interval", "90s", "train.batch-size", ""));
        assertThat(cell.optionalInteger(TrainKeys.EPOCHS)).contains(3);
        assertThat(cell.optionalInteger(TrainKeys.BATCH_SIZE)).isEmpty();
        assertThat(cell.flag(TrainKeys.CHECKPOINTS)).isFalse();
        assertThat(cell.optionalReal(TrainKeys.CROP_SCALE_MIN)).as("unset: the method's own").isEmpty();
        assertThat(cell.duration(KubernetesKeys.POLL_INTERVAL)).isEqualTo(Duration.ofSeconds(90));
        assertThat(cell.text(TrackingKeys.EXPERIMENT)).isEqualTo("bioprompt");
        assertThatThrownBy(() -> new CellSettings(Map.of("train.epochs", "x")).optionalInteger(TrainKeys.EPOCHS))
                .hasMessageContaining("train.epochs").hasMessageContaining("expects an integer");
    }
}
