package dev.bioprompt.cli.config;

import dev.bioprompt.runners.config.KubernetesKeys;
import dev.bioprompt.runners.kubernetes.JobToleration;
import dev.bioprompt.runners.kubernetes.KubernetesRunnerConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the Kubernetes runner's configuration from the {@code kubernetes.*} settings:
 *
 * <ul>
 *   <li>{@code kubernetes.namespace}, {@code kubernetes.image} (required), {@code kubernetes.gpus} (per cell),
 *       {@code kubernetes.cpu}, {@code kubernetes.memory}, {@code kubernetes.service-account};</li>
 *   <li>{@code kubernetes.node-selector.<label>=<value>};</li>
 *   <li>{@code kubernetes.tolerations}: a list of {@code key=value:effect} (operator Equal), {@code key:effect} or
 *       {@code key} (operator Exists; no effect means every effect); an empty list means none;</li>
 *   <li>{@code kubernetes.queue}: the Kueue local queue, empty for none;</li>
 *   <li>{@code kubernetes.env.<NAME>=<value>}: plain environment of the cell container;</li>
 *   <li>{@code kubernetes.secret-env.<NAME>=<secret>/<key>}: environment from a Kubernetes Secret. A lower-case
 *       kebab-case name (as {@code --set} and {@code BIOPROMPT_*} variables must write keys) is upper-cased with
 *       {@code -} becoming {@code _}: {@code kubernetes.secret-env.aws-secret-access-key} sets
 *       {@code AWS_SECRET_ACCESS_KEY};</li>
 *   <li>{@code kubernetes.active-deadline}, {@code kubernetes.ttl-after-finished}, {@code kubernetes.poll-interval}:
 *       durations such as {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, ISO-8601 ({@code PT24H}) or plain
 *       seconds;</li>
 *   <li>{@code kubernetes.backoff-limit}, {@code kubernetes.log-tail-lines}.</li>
 * </ul>
 *
 * Errors name the key and what was expected.
 */
public final class KubernetesSettings {

    /** The prefix of every Kubernetes runner key. */
    public static final String PREFIX = "kubernetes";

    /** The value of {@code kubernetes.memory} that asks for {@link #CELL_MEMORY}. */
    public static final String AUTO = "auto";

    /**
     * A cell container's memory request and limit when {@code kubernetes.memory} is {@code auto}: the measured peak
     * resident memory of real-size BiomedCLIP training steps (1.33 GiB for CoOp and BiomedCoOp, batch 4, CPU), plus
     * an evaluation batch of 100 images (about 1 GiB of activations), the 1 GiB feature cache and the images of a
     * dataset split, with a margin of about 1.5x.
     */
    public static final String CELL_MEMORY = "6Gi";

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern TOLERATION = Pattern.compile("([^=:\\s]+)(?:=([^:\\s]*))?(?::(\\S*))?");

    private KubernetesSettings() {
    }

    /**
     * The runner configuration.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or malformed
     */
    public static KubernetesRunnerConfig from(Settings settings) {
        String image = settings.text(KubernetesKeys.IMAGE);
        if (image.isBlank()) {
            throw new IllegalArgumentException("configuration key '" + PREFIX + ".image' is empty: set it to the cell"
                    + " image (see runners/docker/Dockerfile), for example --set kubernetes.image=registry/bioprompt:tag");
        }
        KubernetesRunnerConfig.Builder b = KubernetesRunnerConfig.builder(
                settings.text(KubernetesKeys.NAMESPACE), image);
        b.gpusPerCell(nonNegative(settings, PREFIX + ".gpus", 1));
        b.cpuRequest(settings.text(KubernetesKeys.CPU));
        String memory = settings.text(KubernetesKeys.MEMORY);
        b.memoryLimit(memory.equalsIgnoreCase(AUTO) ? CELL_MEMORY : memory);
        b.serviceAccountName(settings.text(KubernetesKeys.SERVICE_ACCOUNT));
        b.queueName(settings.text(KubernetesKeys.QUEUE));
        b.backoffLimit(nonNegative(settings, PREFIX + ".backoff-limit", 0));
        b.logTailLines(nonNegative(settings, PREFIX + ".log-tail-lines", 50));
        b.activeDeadline(duration(settings, PREFIX + ".active-deadline", Duration.ofHours(24)));
        b.ttlAfterFinished(duration(settings, PREFIX + ".ttl-after-finished", Duration.ofDays(1)));
        b.pollInterval(duration(settings, PREFIX + ".poll-interval", Duration.ofSeconds(10)));
        for (Map.Entry<String, String> e : subset(settings, PREFIX + ".node-selector").entrySet()) {
            if (e.getValue().isBlank()) {
                throw new IllegalArgumentException("configuration key '" + PREFIX + ".node-selector." + e.getKey()
                        + "' is empty: expected the node label's value");
            }
            b.nodeSelector(e.getKey(), e.getValue());
        }
        b.tolerations(tolerations(settings, PREFIX + ".tolerations"));
        for (Map.Entry<String, String> e : subset(settings, PREFIX + ".env").entrySet()) {
            b.env(envName(e.getKey()), e.getValue());
        }
        for (Map.Entry<String, String> e : subset(settings, PREFIX + ".secret-env").entrySet()) {
            String key = PREFIX + ".secret-env." + e.getKey();
            String ref = e.getValue().trim();
            int slash = ref.indexOf('/');
            if (slash <= 0 || slash == ref.length() - 1 || ref.indexOf('/', slash + 1) >= 0) {
                throw new IllegalArgumentException("configuration key '" + key + "' expects <secret>/<key>, was '"
                        + ref + "'");
            }
            try {
                b.secretEnv(envName(e.getKey()), ref.substring(0, slash), ref.substring(slash + 1));
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException("configuration key '" + key + "': " + invalid.getMessage(),
                        invalid);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Kubernetes runner configuration: " + e.getMessage(), e);
        }
    }

    /** A variable name from a key suffix: kept when it has capitals or underscores, else upper-cased kebab. */
    static String envName(String suffix) {
        if (!suffix.equals(suffix.toLowerCase(Locale.ROOT)) || suffix.contains("_")) {
            return suffix;
        }
        return suffix.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static List<JobToleration> tolerations(Settings settings, String key) {
        List<JobToleration> out = new ArrayList<>();
        for (String item : settings.getList(key, List.of())) {
            if (item.isBlank()) {
                continue;
            }
            Matcher m = TOLERATION.matcher(item.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("configuration key '" + key + "': '" + item
                        + "' is not key=value:effect, key:effect or key");
            }
            String value = m.group(2);
            String effect = m.group(3) == null ? "" : m.group(3);
            try {
                out.add(new JobToleration(m.group(1), value == null ? "Exists" : "Equal",
                        value == null ? "" : value, effect));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration key '" + key + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    static Duration duration(Settings settings, String key, Duration defaultValue) {
        String text = settings.get(key, "").trim();
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher m = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("configuration key '" + key + "' expects a duration such as 90s, "
                        + "30m, 24h, 7d or PT24H, was '" + text + "'", e);
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("configuration key '" + key + "' expects a positive duration, was '"
                    + text + "'");
        }
        return d;
    }

    private static int nonNegative(Settings settings, String key, int defaultValue) {
        int value = settings.getInt(key, defaultValue);
        if (value < 0) {
            throw new IllegalArgumentException("configuration key '" + key + "' expects 0 or more, was " + value);
        }
        return value;
    }

    /** The keys under a prefix; escaped dots in YAML keys (label names such as nvidia.com/gpu) are restored. */
    private static Map<String, String> subset(Settings settings, String prefix) {
        Map<String, String> out = new TreeMap<>();
        settings.subset(prefix).forEach((k, v) -> out.put(k.replace("..", "."), v));
        return out;
    }
}
