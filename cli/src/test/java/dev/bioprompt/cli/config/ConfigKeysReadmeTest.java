package dev.bioprompt.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.commands.ConfigCommand;
import dev.bioprompt.runners.config.SettingsSchema;
import dev.bioprompt.runners.config.SettingsValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration table and the built-in defaults agree with the schema. */
class ConfigKeysReadmeTest {

    @Test
    void readmeTableIsTheSchema() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf("<!-- config-keys:begin -->\n");
        int end = text.indexOf("<!-- config-keys:end -->");
        assertThat(begin).as("marker in README.md").isNotNegative();
        String table = text.substring(begin + "<!-- config-keys:begin -->\n".length(), end);
        assertThat(table).as("README.md configuration table; regenerate it with 'bioprompt config keys --markdown'")
                .isEqualTo(ConfigCommand.Keys.markdown(SettingsSchema.platform()));
    }

    @Test
    void everyBuiltInDefaultIsADeclaredKeyWithAValidValue() {
        Settings settings = ConfigurationLayers.build(Map.of(), Map.of(), null, List.of());
        assertThat(SettingsValidator.problems(SettingsSchema.platform(), settings.allEntries())).isEmpty();
    }

    @Test
    void configKeysListsMethodParametersAndConfigShowsOrigins() {
        CliRun keys = CliRun.of("config", "keys");
        assertThat(keys.exitCode()).isZero();
        assertThat(keys.out()).contains("method.coop.n-ctx").contains("train.epochs").contains(">= 1");
        CliRun config = CliRun.of(Map.of("BIOPROMPT_RUNNER_KIND", "local"), "config", "--set", "train.epochs=3",
                "--set", "kubernetes.secret-env.aws-secret-access-key=aws/key");
        assertThat(config.exitCode()).as(config.err()).isZero();
        assertThat(config.out()).containsPattern("train.epochs +3 +--set train.epochs")
                .containsPattern("runner.kind +local +environment variable BIOPROMPT_RUNNER_KIND")
                .containsPattern("runs.dir +runs +defaults.yaml")
                .contains("****")
                .doesNotContain("aws/key");
    }
}
