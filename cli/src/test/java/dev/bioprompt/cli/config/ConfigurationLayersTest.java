package dev.bioprompt.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.runners.config.KubernetesKeys;
import dev.bioprompt.runners.config.PlatformKeys;
import dev.bioprompt.runners.config.SweepKeys;
import dev.bioprompt.runners.config.TrainKeys;
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

        assertThat(s.raw("method.coop.n-ctx")).isEqualTo("4");                     // --set beats env and file
        assertThat(s.raw("method.biomed-dpt.lambda-l1")).isEqualTo("0.25");        // env beats file
        assertThat(String.valueOf(s.raw("method.coop.csc"))).isEqualTo("true");     // file beats preset
        assertThat(s.raw("method.coop.class-token-position")).isEqualTo("middle");  // preset beats defaults
        assertThat(s.path(PlatformKeys.RUNS_DIR)).isEqualTo(Path.of("runs").toAbsolutePath()); // built-in default
        assertThat(s.list(SweepKeys.DATASETS)).containsExactly("BTMRI", "BUSI");
        assertThat(s.origin("method.coop.n-ctx")).contains("--set method.coop.n-ctx");
        assertThat(s.origin("method.biomed-dpt.lambda-l1"))
                .contains("environment variable BIOPROMPT_METHOD_BIOMED__DPT_LAMBDA__L1");
        assertThat(s.origin("method.coop.csc")).contains(yaml + " line 4");
        assertThat(s.origin("runs.dir")).contains("defaults.yaml");
    }

    @Test
    void dottedYamlKeysAreTheKeysTheySpellButNodeLabelsStayWhole() throws Exception {
        Path yaml = dir.resolve("dotted.yaml");
        Files.writeString(yaml, """
                train.epochs: 2
                method.coop.n-ctx: 8
                kubernetes:
                  node-selector:
                    nvidia.com/gpu.product: H100
                """);
        Settings s = ConfigurationLayers.build(Map.of(), Map.of(), yaml, List.of());
        assertThat(s.optionalInteger(TrainKeys.EPOCHS)).contains(2);
        assertThat(s.raw("method.coop.n-ctx")).isEqualTo(8);
        assertThat(s.origin("train.epochs")).contains(yaml + " line 1");
        assertThat(s.entries(KubernetesKeys.NODE_SELECTOR))
                .containsEntry("nvidia..com/gpu..product", "H100");
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
        assertThatThrownBy(() -> s.integer(TrainKeys.EPOCHS))
                .hasMessageContaining("train.epochs").hasMessageContaining("ten");
    }
}
