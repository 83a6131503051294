package dev.bioprompt.cli.stores;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.registry.PromptSetSignatures;
import dev.bioprompt.registry.RegistryFactory;
import dev.bioprompt.registry.RegistrySecurity;
import dev.bioprompt.registry.StoredPromptSetRegistry;
import dev.bioprompt.runners.config.RegistryKeys;
import dev.bioprompt.runners.config.Setting;
import dev.bioprompt.runners.config.TrackingKeys;
import dev.bioprompt.tracking.TrackerFactory;
import dev.bioprompt.tracking.mlflow.MlflowCredentials;
import dev.bioprompt.tracking.mlflow.MlflowModelRegistryClient;
import dev.bioprompt.tracking.mlflow.ModelRegistryMirror;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the configured stores: the tracker ({@code tracking.uri}: empty for {@code ./mlruns}, a folder or
 * {@code file:} URI, or an {@code http(s)://} MLflow server), the prompt-set registry ({@code registry.uri}: a folder,
 * a {@code file:} URI or {@code s3://bucket/prefix} with {@code registry.s3.*} settings) and the local caches.
 */
public final class Stores {

    private final CliContext context;

    public Stores(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The tracker of {@code tracking.uri}. */
    public Tracker tracker() {
        String uri = settings().text(TrackingKeys.URI);
        try {
            return TrackerFactory.fromUri(uri, settings().path(TrackingKeys.DIR), context.environment());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key 'tracking.uri': " + e.getMessage(), e);
        }
    }

    /** The tracking server when {@code tracking.uri} is an MLflow server. */
    public Optional<URI> mlflowServer() {
        String uri = settings().text(TrackingKeys.URI);
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") ? Optional.of(URI.create(uri))
                : Optional.empty();
    }

    /** The MLflow model-registry client of the tracking server, when tracking is MLflow. */
    public Optional<MlflowModelRegistryClient> mlflowModelRegistry() {
        return mlflowServer().map(uri -> MlflowModelRegistryClient.create(uri,
                MlflowCredentials.fromEnvironment(context.environment())));
    }

    /** The MLflow model-registry mirror of a prompt-set registry, when tracking is an MLflow server. */
    public Optional<RegistryMirroring> registryMirroring(PromptSetRegistry registry) {
        return mlflowModelRegistry().map(client -> new RegistryMirroring(registry,
                new ModelRegistryMirror(client)));
    }

    /**
     * The experiment holding a candidate's runs: the {@code --experiment} option, else the {@code experiment} key of
     * the experiment file given with {@code -c}, else {@code tracking.experiment}.
     */
    public String candidateExperiment(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        return settings().text(TrackingKeys.EXPERIMENT); // the experiment file's 'experiment:' is this key
    }

    /** The prompt-set registry of {@code registry.uri}. */
    public StoredPromptSetRegistry registry() {
        String location = settings().text(RegistryKeys.URI);
        Map<String, String> s3 = new LinkedHashMap<>();
        for (Setting s : List.of(RegistryKeys.S3_ENDPOINT, RegistryKeys.S3_REGION, RegistryKeys.S3_PATH_STYLE,
                RegistryKeys.S3_MULTIPART_THRESHOLD, RegistryKeys.S3_PART_SIZE, RegistryKeys.S3_CHECKSUMS,
                RegistryKeys.S3_ATTEMPT_TIMEOUT, RegistryKeys.S3_MAX_ATTEMPTS, RegistryKeys.S3_DEADLINE)) {
            String v = settings().text(s);
            if (!v.isBlank()) {
                s3.put(s.key().substring("registry.s3.".length()), v);
            }
        }
        StoredPromptSetRegistry registry;
        try {
            registry = RegistryFactory.fromUri(location.startsWith("s3://") || location.startsWith("file:")
                    ? location : Path.of(location).toAbsolutePath().normalize().toString(), s3);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key 'registry.uri' or 'registry.s3.*': "
                    + e.getMessage(), e);
        }
        return registry.withSecurity(registrySecurity());
    }

    /**
     * The registry's signing keys: {@code registry.signing.private-key} (a PEM Ed25519 private key: new versions are
     * signed) and {@code registry.signing.public-key} (a PEM Ed25519 public key: unsigned or wrongly signed versions
     * are refused).
     */
    public RegistrySecurity registrySecurity() {
        String privateKey = settings().text(RegistryKeys.SIGNING_PRIVATE_KEY);
        String publicKey = settings().text(RegistryKeys.SIGNING_PUBLIC_KEY);
        try {
            return new RegistrySecurity(
                    privateKey.isEmpty() ? Optional.empty()
                            : Optional.of(PromptSetSignatures.readPrivateKey(Path.of(privateKey))),
                    publicKey.isEmpty() ? Optional.empty()
                            : Optional.of(PromptSetSignatures.readPublicKey(Path.of(publicKey))));
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration key 'registry.signing.*': " + e.getMessage(), e);
        }
    }

    /** The cache root: {@code cache.dir}, else {@code $BIOPROMPT_CACHE}, else {@code ~/.cache/bioprompt}. */
    public Path cacheDir() {
        return CacheDirectory.resolve(settings(), context.environment());
    }

    /** Where registry prompt sets are cached for serving. */
    public Path promptSetCacheDir() {
        return cacheDir().resolve("prompt-sets");
    }

    /**
     * Loads a backbone: {@code folder}, or the embedded toy backbone when it is empty.
     *
     * @throws IOException naming the folder when it cannot be loaded
     */
    public VisionLanguageModel backbone(String folder) throws IOException {
        return Backbones.load(folder, cacheDir());
    }

    private Settings settings() {
        return context.settings();
    }
}
