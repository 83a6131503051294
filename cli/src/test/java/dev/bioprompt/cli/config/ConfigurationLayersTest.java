package dev.bioprompt.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.MapConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationLayersTest {

    @TempDir
    Path dir;

    @Test
    void firstLayerWins() throws Exception {
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                method:
                  coop:
                    n-ctx: 16
                    csc: true
                  biomed-dpt:
                    lambda-l1: 0.5
                datasets: [BTMRI, BUSI]
                """);
        Map<String, String> env = Map.of("BIOPROMPT_METHOD_COOP_N__CTX", "8", "HOME", "/root",
                "BIOPROMPT_METHOD_BIOMED__DPT_LAMBDA__L1", "0.25");
        MapConfiguration preset = new MapConfiguration(Map.of("method.coop.class-token-position", "middle",
                "method.coop.csc", "false"));

        Settings s = ConfigurationLayers.build(Map.of("method.coop.n-ctx", "4"), env, yaml, List.of(preset));

        assertThat(s.getInt("method.coop.n-ctx", 0)).isEqualTo(4);                  // --set beats env and file
        assertThat(s.getDouble("method.biomed-dpt.lambda-l1", 0)).isEqualTo(0.25);  // env beats file
        assertThat(s.getBoolean("method.coop.csc", false)).isTrue();                // file beats preset
        assertThat(s.get("method.coop.class-token-position")).contains("middle");   // preset beats defaults
        assertThat(s.get("runs.dir")).contains("runs");                             // built-in default
        assertThat(s.getList("datasets", List.of())).containsExactly("BTMRI", "BUSI");
        assertThat(s.subset("method.coop")).containsEntry("n-ctx", "4").containsKey("csc");
    }

    @Test
    void environmentNamesMapToKebabKeys() {
        assertThat(EnvironmentKeys.toKey("BIOPROMPT_METHOD_BIOMED__DPT_LAMBDA__L1")).isEqualTo("method.biomed-dpt.lambda-l1");
        assertThat(EnvironmentKeys.toKey("PATH")).isNull();
    }

    @Test
    void badInputNamesTheKeyOrFile() throws Exception {
        assertThatThrownBy(() -> ConfigurationLayers.parseAssignments(List.of("novalue")))
                .hasMessageContaining("key=value").hasMessageContaining("novalue");
        assertThatThrownBy(() -> ConfigurationLayers.build(Map.of(), Map.of(), dir.resolve("missing.yaml"), List.of()))
                .hasMessageContaining("missing.yaml").hasMessageContaining("does not exist");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "a: [1, 2\nb: {");
        assertThatThrownBy(() -> ConfigurationLayers.build(Map.of(), Map.of(), broken, List.of()))
                .hasMessageContaining("broken.yaml").hasMessageContaining("not valid YAML");
        Settings s = ConfigurationLayers.build(Map.of("train.epochs", "ten"), Map.of(), null, List.of());
        assertThatThrownBy(() -> s.getInt("train.epochs", 1))
                .hasMessageContaining("train.epochs").hasMessageContaining("ten");
    }
}
