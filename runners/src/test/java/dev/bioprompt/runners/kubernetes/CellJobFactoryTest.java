package dev.bioprompt.runners.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.task.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellJobFactoryTest {
    static final String SWEEP = "btmri-0123456789ab";
    static final JobSpec CELL = new JobSpec("biomed-dpt", "btmri", Protocol.BASE_TO_NOVEL, 16, 3, List.of(),
            Map.of("optim.lr", "0.002", "train.epochs", "50"));

    static KubernetesRunnerConfig gpuConfig() {
        return KubernetesRunnerConfig.builder("ml-train", "registry.example.org/bioprompt/cell:0.1.0")
                .gpusPerCell(2)
                .cpuRequest("8")
                .memoryLimit("48Gi")
                .nodeSelector("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")
                .tolerations(List.of(JobToleration.nvidiaGpu(),
                        new JobToleration("dedicated", "Equal", "ml", "NoExecute")))
                .queueName("team-gpu")
                .env("MLFLOW_TRACKING_URI", "http://mlflow.ml-train.svc:5000")
                .env("AWS_REGION", "eu-west-1")
                .secretEnv("MLFLOW_TRACKING_TOKEN", "mlflow-credentials", "token")
                .secretEnv("AWS_ACCESS_KEY_ID", "s3-credentials", "access-key-id")
                .secretEnv("AWS_SECRET_ACCESS_KEY", "s3-credentials", "secret-access-key")
                .serviceAccountName("bioprompt-cell")
                .backoffLimit(0)
                .activeDeadline(Duration.ofHours(6))
                .ttlAfterFinished(Duration.ofHours(12))
                .build();
    }

    @Test
    void buildsTheGpuCellJobFieldByField() {
        Job job = new CellJobFactory(gpuConfig()).build(SWEEP, "btmri-b2n", CELL, "parent-run-1");
        String cellId = "biomed-dpt-btmri-base-to-novel-k16-s3";

        assertThat(job.getApiVersion()).isEqualTo("batch/v1");
        assertThat(job.getKind()).isEqualTo("Job");
        assertThat(job.getMetadata().getName()).isEqualTo(CellJobFactory.jobName(SWEEP, cellId))
                .startsWith("bp-" + cellId + "-").hasSizeLessThanOrEqualTo(63).matches("[a-z0-9-]+");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("ml-train");
        assertThat(job.getMetadata().getLabels()).containsEntry("bioprompt.dev/sweep", SWEEP)
                .containsEntry("bioprompt.dev/cell", cellId)
                .containsEntry("kueue.x-k8s.io/queue-name", "team-gpu");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("bioprompt.dev/sweep-id", SWEEP)
                .containsEntry("bioprompt.dev/cell-id", cellId)
                .containsEntry("bioprompt.dev/parent-run-id", "parent-run-1");

        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(6 * 3600L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(12 * 3600);
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("bioprompt.dev/sweep", SWEEP).containsEntry("bioprompt.dev/cell", cellId)
                .doesNotContainKey("kueue.x-k8s.io/queue-name");

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo("bioprompt-cell");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product",
                "NVIDIA-H100-80GB-HBM3"));
        assertThat(pod.getTolerations()).hasSize(2);
        assertThat(pod.getTolerations().get(0).getKey()).isEqualTo("nvidia.com/gpu");
        assertThat(pod.getTolerations().get(0).getOperator()).isEqualTo("Exists");
        assertThat(pod.getTolerations().get(0).getEffect()).isEqualTo("NoSchedule");
        assertThat(pod.getTolerations().get(0).getValue()).isNull();
        assertThat(pod.getTolerations().get(1).getValue()).isEqualTo("ml");
        assertThat(pod.getTolerations().get(1).getEffect()).isEqualTo("NoExecute");

        assertThat(pod.getContainers()).hasSize(1);
        Container c = pod.getContainers().get(0);
        assertThat(c.getName()).isEqualTo("cell");
        assertThat(c.getImage()).isEqualTo("registry.example.org/bioprompt/cell:0.1.0");
        assertThat(c.getCommand()).containsExactly("bioprompt");
        assertThat(c.getArgs()).hasSize(7);
        assertThat(c.getArgs().subList(0, 6)).containsExactly("run-cell", "--sweep", SWEEP, "--cell", cellId, "--spec");
        assertThat(CellSpecCodec.decode(c.getArgs().get(6))).isEqualTo(CELL);
        assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("48Gi"));
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("8"))
                .doesNotContainKey("nvidia.com/gpu");

        Map<String, EnvVar> env = new HashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get("BIOPROMPT_EXPERIMENT").getValue()).isEqualTo("btmri-b2n");
        assertThat(env).containsOnlyKeys("MLFLOW_TRACKING_URI", "AWS_REGION", "BIOPROMPT_EXPERIMENT",
                "BIOPROMPT_PARENT_RUN_ID",
                "MLFLOW_TRACKING_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PYTORCH_FLAVOR",
                "PYTORCH_VERSION", "PYTORCH_LIBRARY_PATH", "DJL_OFFLINE");
        assertThat(env.get("PYTORCH_FLAVOR").getValue()).isEqualTo("cu128");
        assertThat(env.get("PYTORCH_LIBRARY_PATH").getValue()).isEqualTo("/opt/libtorch/lib");
        assertThat(env.get("MLFLOW_TRACKING_URI").getValue()).isEqualTo("http://mlflow.ml-train.svc:5000");
        assertThat(env.get("BIOPROMPT_PARENT_RUN_ID").getValue()).isEqualTo("parent-run-1");
        for (String secret : List.of("MLFLOW_TRACKING_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            EnvVar e = env.get(secret);
            assertThat(e.getValue()).as(secret).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef()).as(secret).isNotNull();
        }
        assertThat(env.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("s3-credentials");
        assertThat(env.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("secret-access-key");
    }

    @Test
    void theSerialisedManifestHoldsSecretReferencesOnly() {
        String yaml = Serialization.asYaml(new CellJobFactory(gpuConfig()).build(SWEEP, "btmri-b2n", CELL, null));
        assertThat(yaml).contains("secretKeyRef", "s3-credentials", "secret-access-key")
                .doesNotContain("BIOPROMPT_PARENT_RUN_ID");
        // each secret variable appears once, followed by a reference, never by a value
        for (String name : List.of("MLFLOW_TRACKING_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            int at = yaml.indexOf("name: \"" + name + "\"");
            assertThat(at).as(name).isPositive();
            String entry = yaml.substring(at, Math.min(yaml.length(), at + 200));
            assertThat(entry).as(name).contains("valueFrom:").doesNotContain("value: ");
        }
    }

    @Test
    void theDocumentedExampleManifestIsWhatTheFactoryGenerates() throws Exception {
        Job documented;
        try (var in = Files.newInputStream(Path.of("docker", "job-example.yaml"))) {
            documented = Serialization.unmarshal(in, Job.class);
        }
        Job generated = new CellJobFactory(gpuConfig())
                .build(SWEEP, "btmri-b2n", CELL, "5f0c3a9e2b7d4c1e8a6b9d0f1e2c3a4b");
        assertThat(documented).isEqualTo(generated);
    }

    @Test
    void aCpuCellHasNoGpuLimitAndNoQueueLabel() {
        KubernetesRunnerConfig cpu = KubernetesRunnerConfig.builder("ml", "img:1").gpusPerCell(0)
                .tolerations(List.of()).build();
        Job job = new CellJobFactory(cpu).build(SWEEP, "btmri-b2n", CELL, null);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getResources().getLimits()).isNullOrEmpty();
        assertThat(job.getMetadata().getLabels()).doesNotContainKey("kueue.x-k8s.io/queue-name");
        assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(job.getMetadata().getAnnotations()).doesNotContainKey("bioprompt.dev/parent-run-id");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("PYTORCH_FLAVOR");
            assertThat(e.getValue()).isEqualTo("cpu");
        });
    }

    @Test
    void aPlainVariableOverridesTheLibtorchEnvironment() {
        KubernetesRunnerConfig custom = KubernetesRunnerConfig.builder("ml", "img:1").gpusPerCell(1)
                .env("PYTORCH_LIBRARY_PATH", "/opt/custom/lib").build();
        Container c = new CellJobFactory(custom).build(SWEEP, "btmri-b2n", CELL, null).getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("PYTORCH_LIBRARY_PATH")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/opt/custom/lib"));
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("PYTORCH_FLAVOR")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("cu128"));
    }

    @Test
    void labelValuesAndJobNamesStayValidForLongIds() {
        String longId = "a-very-long-method-name-with-many-words-".repeat(3) + "btmri-k16-s1";
        assertThat(CellJobFactory.labelValue(longId)).hasSizeLessThanOrEqualTo(63)
                .matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
        assertThat(CellJobFactory.labelValue(longId)).isNotEqualTo(CellJobFactory.labelValue(longId + "x"));
        assertThat(CellJobFactory.labelValue("ok-value")).isEqualTo("ok-value");
        assertThat(CellJobFactory.jobName("s", longId)).hasSizeLessThanOrEqualTo(63)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(CellJobFactory.jobName("s1", "c")).isNotEqualTo(CellJobFactory.jobName("s2", "c"));
    }

    @Test
    void credentialsAreRefusedAsPlainEnvironment() {
        assertThatThrownBy(() -> KubernetesRunnerConfig.builder("ml", "img:1")
                .env("AWS_SECRET_ACCESS_KEY", "abc").build())
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY").hasMessageContaining("secret reference");
        assertThatThrownBy(() -> KubernetesRunnerConfig.builder("ML_NS", "img:1").build())
                .hasMessageContaining("kubernetes.namespace 'ML_NS'");
        assertThatThrownBy(() -> new SecretEnvVar("TOKEN", "Bad_Name", "k")).hasMessageContaining("Bad_Name");
    }

    @Test
    void theSpecCodecRejectsGarbageNamingTheOption() {
        assertThatThrownBy(() -> CellSpecCodec.decode("!!!")).hasMessageStartingWith("--spec");
        assertThatThrownBy(() -> CellSpecCodec.decode("e30")).hasMessageStartingWith("--spec");
    }
}
