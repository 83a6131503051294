package dev.bioprompt.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatePolicyTest {

    @TempDir
    Path dir;

    @Test
    void readsAFullPolicyFile() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                alias: staging
                primary-metric: hm
                min-improvement: 0.5
                regression-tolerance: 1
                required-settings:
                  protocol: base2novel
                  shots: 16
                required-seeds: [1, 2, 3]
                max-spread: 3.0
                spread: std
                """);

        GatePolicy policy = GatePolicy.load(file);

        assertThat(policy.alias()).isEqualTo("staging");
        assertThat(policy.primaryMetric()).isEqualTo("hm");
        assertThat(policy.minImprovement()).isEqualTo(0.5);
        assertThat(policy.regressionTolerance()).isEqualTo(1.0);
        assertThat(policy.requiredSettings()).isEqualTo(Map.of("protocol", "base2novel", "shots", "16"));
        assertThat(policy.requiredSeeds()).containsExactly("1", "2", "3");
        assertThat(policy.maxSpread()).hasValue(3.0);
        assertThat(policy.spread()).isEqualTo(SpreadMeasure.STD);
    }

    @Test
    void appliesDefaults() throws Exception {
        GatePolicy policy = GatePolicy.parse("primary-metric: accuracy\n", "inline");

        assertThat(policy.alias()).isEqualTo("production");
        assertThat(policy.minImprovement()).isZero();
        assertThat(policy.requiredSeeds()).isEmpty();
        assertThat(policy.maxSpread()).isEmpty();
        assertThat(policy.spread()).isEqualTo(SpreadMeasure.RANGE);
    }

    @Test
    void badFilesNameTheFileAndKey() throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "primary-metric: hm\nmin-improvment: 1\n");
        assertThatThrownBy(() -> GatePolicy.load(typo)).isInstanceOf(IOException.class)
                .hasMessageContaining(typo.toString()).hasMessageContaining("'min-improvment'");
        assertThatThrownBy(() -> GatePolicy.parse("min-improvement: 1\n", "p.yaml")).isInstanceOf(IOException.class)
                .hasMessageContaining("p.yaml").hasMessageContaining("'primary-metric'");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: hm\nmax-spread: wide\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("'max-spread' must be a number");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: hm\nrequired-seeds: 3\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("'required-seeds' must be a list");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: hm\nspread: iqr\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("'spread'").hasMessageContaining("std");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: [\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> GatePolicy.load(dir.resolve("missing.yaml"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.yaml").hasMessageContaining("does not exist");
    }

    @Test
    void spreadMeasures() {
        assertThat(SpreadMeasure.RANGE.of(List.of(1.0, 4.0, 2.0))).isEqualTo(3.0);
        assertThat(SpreadMeasure.STD.of(List.of(1.0, 3.0))).isEqualTo(1.0);
        assertThat(SpreadMeasure.STD.of(List.of(5.0))).isZero();
    }
}
