package dev.bioprompt.runners.config;

/** Keys of the Kubernetes runner. Add a key with one line here; {@link SettingsSchema} finds it. */
public final class KubernetesKeys {

    public static final Setting NAMESPACE = Setting.text("kubernetes.namespace", "default", "namespace of the cell Jobs");
    public static final Setting IMAGE = Setting.text("kubernetes.image", "",
            "the cell image (runners/docker/Dockerfile); required for the Kubernetes runner");
    public static final Setting GPUS = Setting.integer("kubernetes.gpus", 1,
            "GPUs per cell (resources.limits nvidia.com/gpu); 0 for CPU-only cells").atLeast(0);
    public static final Setting CPU = Setting.text("kubernetes.cpu", "", "container CPU request; empty for none");
    public static final Setting MEMORY = Setting.text("kubernetes.memory", "auto",
            "container memory request and limit; auto: 6Gi (measured peak with margin); empty for none");
    public static final Setting SERVICE_ACCOUNT = Setting.text("kubernetes.service-account", "",
            "service account of the cell pods; empty for the namespace default");
    public static final Setting QUEUE = Setting.text("kubernetes.queue", "",
            "Kueue local queue (label kueue.x-k8s.io/queue-name); empty for none");
    public static final Setting TOLERATIONS = Setting.list("kubernetes.tolerations", "nvidia.com/gpu:NoSchedule",
            "tolerations: key=value:effect (Equal), key:effect or key (Exists)");
    public static final Setting NODE_SELECTOR = Setting.map("kubernetes.node-selector",
            "node labels the cell pods need: kubernetes.node-selector.<label>=<value>");
    public static final Setting ENV = Setting.map("kubernetes.env",
            "plain environment of the cell container: kubernetes.env.<NAME>=<value>");
    public static final Setting SECRET_ENV = Setting.map("kubernetes.secret-env",
            "environment from a Secret: kubernetes.secret-env.<NAME>=<secret>/<key>");
    public static final Setting ACTIVE_DEADLINE = Setting.duration("kubernetes.active-deadline", "24h",
            "activeDeadlineSeconds of a cell Job");
    public static final Setting TTL_AFTER_FINISHED = Setting.duration("kubernetes.ttl-after-finished", "1d",
            "ttlSecondsAfterFinished of a cell Job");
    public static final Setting POLL_INTERVAL = Setting.duration("kubernetes.poll-interval", "10s",
            "how often Job status is polled");
    public static final Setting BACKOFF_LIMIT = Setting.integer("kubernetes.backoff-limit", 0,
            "pod retries of a cell Job").atLeast(0);
    public static final Setting LOG_TAIL_LINES = Setting.integer("kubernetes.log-tail-lines", 50,
            "lines of a failed pod's log shown in the report").atLeast(0);

    private KubernetesKeys() {
    }
}
