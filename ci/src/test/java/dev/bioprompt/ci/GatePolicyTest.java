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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                  protocol: base-to-novel
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
        assertThat(policy.requiredSettings()).isEqualTo(Map.of("protocol", "base-to-novel", "shots", "16"));
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
                .isInstanceOf(IOException.class).hasMessageContaining("key 'max-spread': must be a number");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: hm\nrequired-seeds: 3\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("key 'required-seeds': must be a list");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: hm\nspread: iqr\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("'spread'").hasMessageContaining("std");
        assertThatThrownBy(() -> GatePolicy.parse("primary-metric: [\n", "p.yaml"))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> GatePolicy.load(dir.resolve("missing.yaml"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.yaml").hasMessageContaining("does not exist");
    }

    /** Every kind of policy mistake: the exception names the key and the line, and nothing passes as a verdict. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            misspelt metric           | primary-metric: acuracy                           | primary-metric             | 1 | did you mean accuracy
            unknown metric            | primary-metric: f1                                | primary-metric             | 1 | unknown metric 'f1'
            metric of another protocol| primary-metric: hm\\nrequired-settings: {protocol: few-shot} | primary-metric | 1 | only by base-to-novel
            metric is a list          | primary-metric: [hm]                              | primary-metric             | 1 | non-empty text
            metric is a number        | primary-metric: 3                                 | primary-metric             | 1 | non-empty text
            missing metric            | alias: production                                 | primary-metric             | 0 | missing key
            unknown key               | primary-metric: hm\\nmin-improvment: 1            | min-improvment             | 2 | did you mean min-improvement
            repeated key              | primary-metric: hm\\nprimary-metric: accuracy     | primary-metric             | 2 | more than once
            old protocol spelling     | primary-metric: hm\\nrequired-settings:\\n  protocol: base2novel | required-settings.protocol | 3 | few-shot, base-to-novel, cross-dataset
            unknown run param         | primary-metric: hm\\nrequired-settings:\\n  shot: 16 | required-settings.shot   | 3 | did you mean shots
            shots not a number        | primary-metric: hm\\nrequired-settings:\\n  shots: many | required-settings.shots | 3 | positive whole number
            shots zero                | primary-metric: hm\\nrequired-settings:\\n  shots: 0 | required-settings.shots    | 3 | positive whole number
            shots a list              | primary-metric: hm\\nrequired-settings:\\n  shots: [4, 16] | required-settings.shots | 3 | single value
            settings a list           | primary-metric: hm\\nrequired-settings: [protocol] | required-settings         | 2 | must be a mapping
            min-improvement text      | primary-metric: hm\\nmin-improvement: lots        | min-improvement            | 2 | must be a number
            min-improvement quoted    | primary-metric: hm\\nmin-improvement: '0.5'       | min-improvement            | 2 | must be a number
            tolerance negative        | primary-metric: hm\\nregression-tolerance: -1     | regression-tolerance       | 2 | must be >= 0
            max-spread negative       | primary-metric: hm\\nmax-spread: -0.5             | max-spread                 | 2 | must be >= 0
            max-spread boolean        | primary-metric: hm\\nmax-spread: yes              | max-spread                 | 2 | a boolean
            spread unknown            | primary-metric: hm\\nspread: iqr                  | spread                     | 2 | range (max-min) or std
            seeds not a list          | primary-metric: hm\\nrequired-seeds: 3            | required-seeds             | 2 | must be a list
            seed not a number         | primary-metric: hm\\nrequired-seeds: [1, two]     | required-seeds             | 2 | whole number
            alias invalid             | primary-metric: hm\\nalias: Production!           | alias                      | 2 | not a valid alias
            alias a number            | primary-metric: hm\\nalias: 3                     | alias                      | 2 | non-empty text
            """)
    void eachMistakeNamesItsKeyAndLine(String what, String yaml, String key, int line, String message) {
        String text = yaml.replace("\\n", "\n") + "\n";
        assertThatThrownBy(() -> GatePolicy.parse(text, "policy.yaml"))
                .as(what).isInstanceOf(GatePolicyException.class)
                .hasMessageStartingWith(line > 0 ? "policy.yaml:" + line + ": key '" + key + "'" : "policy.yaml: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((GatePolicyException) e).key()).isEqualTo(key));
    }

    @Test
    void acceptsRunParamsAndProtocolSpellings() throws Exception {
        GatePolicy policy = GatePolicy.parse("""
                primary-metric: toy_cxr_accuracy
                required-settings:
                  protocol: CROSS_DATASET
                  method: biovlm
                  method.bank-size: 3
                  shots: 16
                max-spread: ~
                """, "inline");
        assertThat(policy.requiredSettings()).containsEntry("protocol", "cross-dataset")
                .containsEntry("method.bank-size", "3").containsEntry("shots", "16");
        assertThat(policy.maxSpread()).isEmpty();
    }

    @Test
    void spreadMeasures() {
        assertThat(SpreadMeasure.RANGE.of(List.of(1.0, 4.0, 2.0))).isEqualTo(3.0);
        assertThat(SpreadMeasure.STD.of(List.of(1.0, 3.0))).isEqualTo(1.0);
        assertThat(SpreadMeasure.STD.of(List.of(5.0))).isZero();
    }
}
