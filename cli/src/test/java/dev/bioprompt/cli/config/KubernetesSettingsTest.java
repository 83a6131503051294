package dev.bioprompt.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.runners.kubernetes.JobToleration;
import dev.bioprompt.runners.kubernetes.KubernetesRunnerConfig;
import dev.bioprompt.runners.kubernetes.SecretEnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesSettingsTest {

    @TempDir
    Path dir;

    private static Settings settings(String... assignments) {
        return ConfigurationLayers.build(ConfigurationLayers.parseAssignments(List.of(assignments)), Map.of(), null,
                List.of());
    }

    @Test
    void defaultsNeedOnlyTheImage() {
        KubernetesRunnerConfig config = KubernetesSettings.from(settings("kubernetes.image=registry/bioprompt:1"));
        assertThat(config.namespace()).isEqualTo("default");
        assertThat(config.image()).isEqualTo("registry/bioprompt:1");
        assertThat(config.gpusPerCell()).isEqualTo(1);
        assertThat(config.tolerations()).containsExactly(JobToleration.nvidiaGpu());
        assertThat(config.queue()).isEmpty();
        assertThat(config.backoffLimit()).isZero();
        assertThat(config.activeDeadlineSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());
        assertThat(config.ttlSecondsAfterFinished()).isEqualTo((int) Duration.ofDays(1).toSeconds());
        assertThat(config.secretEnv()).isEmpty();
        assertThat(config.memoryLimit()).as("derived from the measured peak of a real-size cell")
                .isEqualTo(KubernetesSettings.CELL_MEMORY);
        assertThat(KubernetesSettings.from(settings("kubernetes.image=i:1", "kubernetes.memory=")).memoryLimit())
                .as("empty: no memory request").isEmpty();
    }

    @Test
    void readsEveryKeyFromSetAndYaml() throws IOException {
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                kubernetes:
                  namespace: ml-team
                  image: registry/bioprompt:2
                  node-selector:
                    nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3
                  tolerations:
                    - nvidia.com/gpu:NoSchedule
                    - dedicated=ml:NoExecute
                    - spot
                  secret-env:
                    AWS_ACCESS_KEY_ID: aws-creds/access-key
                  env:
                    MLFLOW_TRACKING_URI: http://mlflow:5000
                """);
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kubernetes.gpus", "2");
        set.put("kubernetes.queue", "gpu-queue");
        set.put("kubernetes.secret-env.aws-secret-access-key", "aws-creds/secret-key");
        set.put("kubernetes.active-deadline", "90m");
        set.put("kubernetes.ttl-after-finished", "PT2H");
        set.put("kubernetes.backoff-limit", "3");
        Settings settings = ConfigurationLayers.build(set, Map.of(), yaml, List.of());

        KubernetesRunnerConfig config = KubernetesSettings.from(settings);

        assertThat(config.namespace()).isEqualTo("ml-team");
        assertThat(config.gpusPerCell()).isEqualTo(2);
        assertThat(config.queue()).contains("gpu-queue");
        assertThat(config.nodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
        assertThat(config.tolerations()).containsExactly(JobToleration.nvidiaGpu(),
                new JobToleration("dedicated", "Equal", "ml", "NoExecute"), new JobToleration("spot", "Exists", "", ""));
        assertThat(config.secretEnv()).containsExactlyInAnyOrder(
                new SecretEnvVar("AWS_ACCESS_KEY_ID", "aws-creds", "access-key"),
                new SecretEnvVar("AWS_SECRET_ACCESS_KEY", "aws-creds", "secret-key"));
        assertThat(config.env()).containsEntry("MLFLOW_TRACKING_URI", "http://mlflow:5000");
        assertThat(config.activeDeadlineSeconds()).isEqualTo(90 * 60);
        assertThat(config.ttlSecondsAfterFinished()).isEqualTo(2 * 3600);
        assertThat(config.backoffLimit()).isEqualTo(3);
    }

    @Test
    void emptyTolerationListMeansNone() {
        assertThat(KubernetesSettings.from(settings("kubernetes.image=i", "kubernetes.tolerations=")).tolerations())
                .isEmpty();
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> KubernetesSettings.from(settings()))
                .hasMessageContaining("'kubernetes.image'");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i", "kubernetes.gpus=two")))
                .hasMessageContaining("'kubernetes.gpus'").hasMessageContaining("integer");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i", "kubernetes.gpus=-1")))
                .hasMessageContaining("'kubernetes.gpus'");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i",
                "kubernetes.active-deadline=soon"))).hasMessageContaining("'kubernetes.active-deadline'");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i",
                "kubernetes.ttl-after-finished=0s"))).hasMessageContaining("'kubernetes.ttl-after-finished'");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i",
                "kubernetes.backoff-limit=x"))).hasMessageContaining("'kubernetes.backoff-limit'");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i",
                "kubernetes.tolerations=gpu:Sometimes"))).hasMessageContaining("'kubernetes.tolerations'")
                .hasMessageContaining("Sometimes");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i",
                "kubernetes.secret-env.token=no-slash"))).hasMessageContaining("'kubernetes.secret-env.token'")
                .hasMessageContaining("<secret>/<key>");
        assertThatThrownBy(() -> KubernetesSettings.from(settings("kubernetes.image=i",
                "kubernetes.namespace=Bad_NS"))).hasMessageContaining("kubernetes.namespace");
    }
}
