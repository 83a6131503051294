package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.runners.natives.PodNatives;
import dev.bioprompt.runners.sweep.CellIds;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code batch/v1} Job of one cell (see {@code runners/docker/job-example.yaml} for the result):
 * container {@code cell} running {@code bioprompt run-cell --sweep <id> --cell <cell-id> --spec <base64 JSON>},
 * GPU limit, node selector, tolerations, optional Kueue queue label, the libtorch environment
 * ({@link PodNatives}, overridable by plain variables), plain and secret-referenced environment,
 * {@code backoffLimit}, {@code activeDeadlineSeconds}, {@code ttlSecondsAfterFinished}, and the labels
 * {@value #SWEEP_LABEL} and {@value #CELL_LABEL} (label-safe forms; the full ids are annotations).
 */
public final class CellJobFactory {
    /** The label holding the (label-safe) sweep id. */
    public static final String SWEEP_LABEL = "bioprompt.dev/sweep";
    /** The label holding the (label-safe) cell id. */
    public static final String CELL_LABEL = "bioprompt.dev/cell";
    /** The annotation holding the full sweep id. */
    public static final String SWEEP_ANNOTATION = "bioprompt.dev/sweep-id";
    /** The annotation holding the full cell id. */
    public static final String CELL_ANNOTATION = "bioprompt.dev/cell-id";
    /** The annotation holding the sweep's parent tracking run. */
    public static final String PARENT_RUN_ANNOTATION = "bioprompt.dev/parent-run-id";
    /** The annotation a cell may set on its Job with its tracking run id (read before the pod log). */
    public static final String TRACKING_RUN_ANNOTATION = "bioprompt.dev/tracking-run-id";
    /** The Kueue queue label. */
    public static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
    /** The GPU resource of the NVIDIA device plugin. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** The environment variable carrying the sweep's parent tracking run into the cell. */
    public static final String PARENT_RUN_ENV = "BIOPROMPT_PARENT_RUN_ID";
    /** The environment variable carrying the tracking experiment into the cell. */
    public static final String EXPERIMENT_ENV = "BIOPROMPT_EXPERIMENT";
    /** The container's name. */
    public static final String CONTAINER = "cell";

    private final KubernetesRunnerConfig config;

    public CellJobFactory(KubernetesRunnerConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /** The Job name of a cell: {@code bp-<cell-id prefix>-<hash of sweep and cell>}, a DNS label. */
    public static String jobName(String sweepId, String cellId) {
        String prefix = cellId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (prefix.length() > 50) {
            prefix = prefix.substring(0, 50);
        }
        prefix = prefix.replaceAll("^-+|-+$", "");
        return "bp-" + (prefix.isEmpty() ? "" : prefix + "-") + sha256(sweepId + "/" + cellId).substring(0, 8);
    }

    /**
     * A label-safe form of a value: itself when valid (at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both
     * ends), else a cleaned prefix plus a hash of the full value.
     */
    public static String labelValue(String value) {
        if (value.matches("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]")) {
            return value;
        }
        String clean = value.replaceAll("[^-A-Za-z0-9_.]+", "-");
        if (clean.length() > 54) {
            clean = clean.substring(0, 54);
        }
        clean = clean.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        String hash = sha256(value).substring(0, 8);
        return clean.isEmpty() ? hash : clean + "-" + hash;
    }

    /** The labels every Job (and pod) of a sweep carries, for selecting them. */
    public static Map<String, String> sweepSelector(String sweepId) {
        return Map.of(SWEEP_LABEL, labelValue(sweepId));
    }

    /**
     * Builds the Job of a cell.
     *
     * @param sweepId the sweep
     * @param experiment the sweep's tracking experiment
     * @param cell the cell
     * @param parentRunId the sweep's parent tracking run, or null when there is none
     */
    public Job build(String sweepId, String experiment, JobSpec cell, String parentRunId) {
        String cellId = CellIds.of(cell);
        Map<String, String> podLabels = new LinkedHashMap<>();
        podLabels.put("app.kubernetes.io/name", "bioprompt");
        podLabels.put("app.kubernetes.io/component", "cell");
        podLabels.put(SWEEP_LABEL, labelValue(sweepId));
        podLabels.put(CELL_LABEL, labelValue(cellId));
        Map<String, String> jobLabels = new LinkedHashMap<>(podLabels);
        config.queue().ifPresent(q -> jobLabels.put(QUEUE_LABEL, q));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SWEEP_ANNOTATION, sweepId);
        annotations.put(CELL_ANNOTATION, cellId);
        if (parentRunId != null) {
            annotations.put(PARENT_RUN_ANNOTATION, parentRunId);
        }

        List<EnvVar> env = new ArrayList<>();
        Map<String, String> plain = new TreeMap<>(PodNatives.environment(config.gpusPerCell(),
                PodNatives.IMAGE_LIBRARY));
        plain.putAll(config.env());
        plain.forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        env.add(new EnvVarBuilder().withName(EXPERIMENT_ENV).withValue(experiment).build());
        if (parentRunId != null) {
            env.add(new EnvVarBuilder().withName(PARENT_RUN_ENV).withValue(parentRunId).build());
        }
        for (SecretEnvVar s : config.secretEnv()) {
            env.add(new EnvVarBuilder().withName(s.name()).withNewValueFrom().withNewSecretKeyRef()
                    .withName(s.secretName()).withKey(s.key()).withOptional(false).endSecretKeyRef().endValueFrom()
                    .build());
        }

        Map<String, Quantity> limits = new LinkedHashMap<>();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (config.gpusPerCell() > 0) {
            limits.put(GPU_RESOURCE, new Quantity(Integer.toString(config.gpusPerCell())));
        }
        if (!config.memoryLimit().isEmpty()) {
            limits.put("memory", new Quantity(config.memoryLimit()));
            requests.put("memory", new Quantity(config.memoryLimit()));
        }
        if (!config.cpuRequest().isEmpty()) {
            requests.put("cpu", new Quantity(config.cpuRequest()));
        }
        List<Toleration> tolerations = config.tolerations().stream().map(t -> new TolerationBuilder()
                .withKey(t.key()).withOperator(t.operator()).withValue(t.value().isEmpty() ? null : t.value())
                .withEffect(t.effect().isEmpty() ? null : t.effect()).build()).toList();

        return new JobBuilder()
                .withNewMetadata()
                    .withName(jobName(sweepId, cellId))
                    .withNamespace(config.namespace())
                    .withLabels(jobLabels)
                    .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(config.backoffLimit())
                    .withActiveDeadlineSeconds(config.activeDeadlineSeconds())
                    .withTtlSecondsAfterFinished(config.ttlSecondsAfterFinished())
                    .withCompletions(1)
                    .withParallelism(1)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels).withAnnotations(annotations).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(config.serviceAccountName().isEmpty()
                                    ? null : config.serviceAccountName())
                            .withNodeSelector(config.nodeSelector().isEmpty() ? null : new TreeMap<>(
                                    config.nodeSelector()))
                            .withTolerations(tolerations)
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(config.image())
                                .withCommand("bioprompt")
                                .withArgs("run-cell", "--sweep", sweepId, "--cell", cellId,
                                        "--spec", CellSpecCodec.encode(cell))
                                .withEnv(env)
                                .withNewResources()
                                    .withLimits(limits.isEmpty() ? null : limits)
                                    .withRequests(requests.isEmpty() ? null : requests)
                                .endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
