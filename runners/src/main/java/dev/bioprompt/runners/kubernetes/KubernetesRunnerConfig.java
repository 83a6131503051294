package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the Kubernetes runner turns cells into Jobs.
 *
 * @param namespace the namespace Jobs go to
 * @param image the cell image (see {@code runners/docker/Dockerfile})
 * @param gpusPerCell {@code resources.limits["nvidia.com/gpu"]} of a cell (0 for a CPU-only cell)
 * @param cpuRequest the container's CPU request ({@code "4"}), empty for none
 * @param memoryLimit the container's memory request and limit ({@code "32Gi"}), empty for none
 * @param nodeSelector the pod's node selector
 * @param tolerations the pod's tolerations
 * @param queueName the Kueue local queue ({@code kueue.x-k8s.io/queue-name}), empty for none
 * @param env plain (non-secret) environment, e.g. {@code MLFLOW_TRACKING_URI}, {@code AWS_REGION}
 * @param secretEnv environment taken from Kubernetes Secrets (credentials)
 * @param serviceAccountName the pod's service account, empty for the namespace default
 * @param backoffLimit retries of a failed pod (0: a failure fails the cell)
 * @param activeDeadlineSeconds the Job's time limit
 * @param ttlSecondsAfterFinished how long a finished Job is kept before Kubernetes deletes it
 * @param pollInterval how often the runner checks its Jobs
 * @param logTailLines how many log lines of a failed pod are reported
 */
public record KubernetesRunnerConfig(String namespace, String image, int gpusPerCell, String cpuRequest,
                                     String memoryLimit, Map<String, String> nodeSelector,
                                     List<JobToleration> tolerations, String queueName, Map<String, String> env,
                                     List<SecretEnvVar> secretEnv, String serviceAccountName, int backoffLimit,
                                     long activeDeadlineSeconds, int ttlSecondsAfterFinished, Duration pollInterval,
                                     int logTailLines) {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CREDENTIAL_NAME =
            Pattern.compile(".*(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|ACCESS_KEY|PRIVATE_KEY|API_KEY).*");

    public KubernetesRunnerConfig {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(image, "image is null");
        requireNonNull(cpuRequest, "cpuRequest is null");
        requireNonNull(memoryLimit, "memoryLimit is null");
        nodeSelector = Map.copyOf(requireNonNull(nodeSelector, "nodeSelector is null"));
        tolerations = List.copyOf(requireNonNull(tolerations, "tolerations is null"));
        requireNonNull(queueName, "queueName is null");
        env = Map.copyOf(requireNonNull(env, "env is null"));
        secretEnv = List.copyOf(requireNonNull(secretEnv, "secretEnv is null"));
        requireNonNull(serviceAccountName, "serviceAccountName is null");
        requireNonNull(pollInterval, "pollInterval is null");
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("kubernetes.namespace '" + namespace
                    + "' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
        }
        if (image.isBlank()) {
            throw new IllegalArgumentException("kubernetes.image is empty: give the cell image");
        }
        if (gpusPerCell < 0) {
            throw new IllegalArgumentException("kubernetes.gpus-per-cell must be 0 or more, got " + gpusPerCell);
        }
        if (backoffLimit < 0) {
            throw new IllegalArgumentException("kubernetes.backoff-limit must be 0 or more, got " + backoffLimit);
        }
        if (activeDeadlineSeconds <= 0) {
            throw new IllegalArgumentException("kubernetes.active-deadline-seconds must be positive, got "
                    + activeDeadlineSeconds);
        }
        if (ttlSecondsAfterFinished < 0) {
            throw new IllegalArgumentException("kubernetes.ttl-seconds-after-finished must be 0 or more, got "
                    + ttlSecondsAfterFinished);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("kubernetes.poll-interval must be positive, got " + pollInterval);
        }
        if (logTailLines < 0) {
            throw new IllegalArgumentException("kubernetes.log-tail-lines must be 0 or more, got " + logTailLines);
        }
        Set<String> names = new HashSet<>();
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("kubernetes.env: '" + name + "' is not a valid variable name");
            }
            if (CREDENTIAL_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
                throw new IllegalArgumentException("kubernetes.env: '" + name + "' looks like a credential; give it "
                        + "as a secret reference (kubernetes.secret-env) so its value never appears in a Job");
            }
            names.add(name);
        }
        for (SecretEnvVar s : secretEnv) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("kubernetes: environment variable '" + s.name()
                        + "' is given twice");
            }
        }
    }

    /** The Kueue queue, if any. */
    public Optional<String> queue() {
        return queueName.isEmpty() ? Optional.empty() : Optional.of(queueName);
    }

    /** A builder with the defaults: 1 GPU, the NVIDIA GPU toleration, backoff 0, 24 h deadline, 1 day TTL. */
    public static Builder builder(String namespace, String image) {
        return new Builder(namespace, image);
    }

    /** Builds a {@link KubernetesRunnerConfig}. */
    public static final class Builder {
        private final String namespace;
        private final String image;
        private int gpusPerCell = 1;
        private String cpuRequest = "";
        private String memoryLimit = "";
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private List<JobToleration> tolerations = new ArrayList<>(List.of(JobToleration.nvidiaGpu()));
        private String queueName = "";
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<SecretEnvVar> secretEnv = new ArrayList<>();
        private String serviceAccountName = "";
        private int backoffLimit = 0;
        private long activeDeadlineSeconds = Duration.ofHours(24).toSeconds();
        private int ttlSecondsAfterFinished = (int) Duration.ofDays(1).toSeconds();
        private Duration pollInterval = Duration.ofSeconds(10);
        private int logTailLines = 50;

        private Builder(String namespace, String image) {
            this.namespace = namespace;
            this.image = image;
        }

        public Builder gpusPerCell(int gpus) {
            this.gpusPerCell = gpus;
            return this;
        }

        public Builder cpuRequest(String cpu) {
            this.cpuRequest = cpu;
            return this;
        }

        public Builder memoryLimit(String memory) {
            this.memoryLimit = memory;
            return this;
        }

        public Builder nodeSelector(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        /** Replaces the tolerations (the default is {@link JobToleration#nvidiaGpu()}). */
        public Builder tolerations(List<JobToleration> list) {
            this.tolerations = new ArrayList<>(list);
            return this;
        }

        public Builder queueName(String queue) {
            this.queueName = queue;
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder secretEnv(String name, String secretName, String key) {
            secretEnv.add(new SecretEnvVar(name, secretName, key));
            return this;
        }

        public Builder serviceAccountName(String name) {
            this.serviceAccountName = name;
            return this;
        }

        public Builder backoffLimit(int limit) {
            this.backoffLimit = limit;
            return this;
        }

        public Builder activeDeadline(Duration deadline) {
            this.activeDeadlineSeconds = deadline.toSeconds();
            return this;
        }

        public Builder ttlAfterFinished(Duration ttl) {
            this.ttlSecondsAfterFinished = (int) ttl.toSeconds();
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public Builder logTailLines(int lines) {
            this.logTailLines = lines;
            return this;
        }

        public KubernetesRunnerConfig build() {
            return new KubernetesRunnerConfig(namespace, image, gpusPerCell, cpuRequest, memoryLimit, nodeSelector,
                    tolerations, queueName, env, secretEnv, serviceAccountName, backoffLimit, activeDeadlineSeconds,
                    ttlSecondsAfterFinished, pollInterval, logTailLines);
        }
    }
}
