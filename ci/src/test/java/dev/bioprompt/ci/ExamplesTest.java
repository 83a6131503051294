package dev.bioprompt.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The shipped example pipeline files stay valid. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");

    private static Map<?, ?> yaml(String file) throws Exception {
        return (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(EXAMPLES.resolve(file)));
    }

    private static List<String> strings(Collection<?> values) {
        return values.stream().map(String::valueOf).toList();
    }

    @Test
    void examplePolicyLoads() throws Exception {
        GatePolicy policy = GatePolicy.load(EXAMPLES.resolve("gate-policy.yaml"));

        assertThat(policy.primaryMetric()).isEqualTo("hm");
        assertThat(policy.requiredSeeds()).containsExactly("1", "2", "3");
        assertThat(policy.requiredSettings()).containsEntry("shots", "16");
    }

    @Test
    void githubWorkflowTrainsGatesAndPromotes() throws Exception {
        Map<?, ?> workflow = yaml("github-actions.yml");
        Map<?, ?> jobs = (Map<?, ?>) workflow.get("jobs");
        String text = Files.readString(EXAMPLES.resolve("github-actions.yml"));

        assertThat(strings(jobs.keySet())).containsExactly("train", "gate", "promote", "rollback");
        assertThat(strings((List<?>) ((Map<?, ?>) jobs.get("promote")).get("needs"))).contains("gate");
        assertThat(text).contains("promote-pipeline.sh build train", "promote-pipeline.sh build gate",
                "promote-pipeline.sh build promote predict", "secrets.MLFLOW_TRACKING_URI", "BIOPROMPT_REGISTRY_URI",
                "bioprompt-ci/gate-junit.xml");
        assertThat(Files.readString(EXAMPLES.resolve("promote-pipeline.sh"))).contains("bioprompt train",
                "bioprompt gate", "bioprompt promote", "bioprompt predict", "--junit \"$WORK_DIR/gate-junit.xml\"");
    }

    @Test
    void gitlabPipelineTrainsGatesAndPromotes() throws Exception {
        Map<?, ?> pipeline = yaml("gitlab-ci.yml");
        String text = Files.readString(EXAMPLES.resolve("gitlab-ci.yml"));

        assertThat(strings((List<?>) pipeline.get("stages"))).containsExactly("build", "train", "gate", "promote");
        Map<?, ?> gate = (Map<?, ?>) pipeline.get("gate");
        assertThat(((Map<?, ?>) ((Map<?, ?>) gate.get("artifacts")).get("reports")).get("junit"))
                .isEqualTo("bioprompt-ci/gate-junit.xml");
        assertThat(text).contains("promote-pipeline.sh train", "promote-pipeline.sh gate",
                "promote-pipeline.sh promote predict", "MLFLOW_TRACKING_URI");
    }
}
